import { DEV } from '../dev';

/**
 * One option schema (after Bugsnag's config): per key a default, a check and what it takes. A bad
 * value falls back to the default and is reported; the runtime reports every problem together, once.
 * What a value should be, what is used instead and "did you mean" are development texts (`DEV`): a
 * browser production bundle says only `option "name" ignored` / `unknown option "name": ignored`.
 */
export interface OptionRule<T = unknown> {
  default: T;
  /** What the option takes, for the development warning: "a number from 0 to 1" (`''` in production builds). */
  takes: string;
  /** True for a usable value. `undefined` is never checked: it means the default. */
  valid(value: unknown): boolean;
  /** A usable value turned into what the code uses (floored, clamped, an alias mapped). */
  coerce?(value: unknown): T;
  /** An object option read field by field: each bad field falls back on its own. */
  fields?: OptionRules;
}

export type OptionRules = Record<string, OptionRule>;

export type OptionValues<R extends OptionRules> = { [K in keyof R]: R[K]['default'] };

/** Short, safe text for a value in a warning (it may be a Proxy, a cycle or a 10 MB string). */
function show(value: unknown): string {
  try {
    if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
    if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || value === null) return String(value);
    if (typeof value === 'function') return 'a function';
    if (Array.isArray(value)) return 'an array';
    return typeof value === 'object' ? 'an object' : typeof value;
  } catch {
    return 'an unreadable value';
  }
}

/** What happens instead of a bad value. */
function instead(value: unknown): string {
  if (value === undefined) return 'ignored';
  if (typeof value === 'object' && value !== null) return 'using the default';
  return `using the default (${show(value)})`;
}

/** The production warning for a value that cannot be used: the option's name only. */
const ignored = (name: string): string => `option "${name}" ignored`;

/** Edit distance up to 2, for "did you mean": enough for `transport`, `sampelRate`, `realease`. */
function near(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 2) return false;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length] <= 2;
}

/** Names in `input` that no rule knows, each with a suggestion when one is close. */
export function unknownOptions(input: object, known: Iterable<string>, prefix = ''): string[] {
  const names = [...known];
  const problems: string[] = [];
  for (const key of Object.keys(input)) {
    if (names.includes(key)) continue;
    let problem = `unknown option "${prefix}${key}"`;
    if (DEV) {
      const lower = key.toLowerCase();
      const guess = names.find((n) => n.toLowerCase() === lower) ?? names.find((n) => near(lower, n.toLowerCase()));
      if (guess) problem += ` (did you mean "${prefix}${guess}"?)`;
    }
    problems.push(`${problem}: ignored`);
  }
  return problems;
}

/** Reads `input` against `rules`: usable values kept, bad ones replaced by their default and described in `problems`. */
export function readOptions<R extends OptionRules>(input: unknown, rules: R, prefix = ''): { values: OptionValues<R>; problems: string[] } {
  const values = {} as Record<string, unknown>;
  const problems: string[] = [];
  const source = (input !== null && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  for (const [key, rule] of Object.entries(rules)) {
    const name = prefix + key;
    let value: unknown;
    try {
      value = source[key];
    } catch {
      value = undefined; // a throwing getter: treated as a value that is not usable
      problems.push(DEV ? `option "${name}" could not be read: ${instead(rule.default)}` : ignored(name));
    }
    if (value === undefined) values[key] = rule.default;
    else if (!rule.valid(value)) {
      problems.push(DEV ? `option "${name}" must be ${rule.takes}, not ${show(value)}: ${instead(rule.default)}` : ignored(name));
      values[key] = rule.default;
    } else if (rule.fields) {
      const inner = readOptions(value, rule.fields, `${name}.`);
      problems.push(...inner.problems, ...unknownOptions(value as object, Object.keys(rule.fields), `${name}.`));
      values[key] = inner.values;
    } else values[key] = rule.coerce ? rule.coerce(value) : value;
  }
  return { values: values as OptionValues<R>, problems };
}

// The checks options use most, with what they take.
export const isBoolean = (v: unknown): boolean => typeof v === 'boolean';
export const isString = (v: unknown): boolean => typeof v === 'string';
export const isFunction = (v: unknown): boolean => typeof v === 'function';
export const isArray = (v: unknown): boolean => Array.isArray(v);
export const isObject = (v: unknown): boolean => v !== null && typeof v === 'object' && !Array.isArray(v);
/** A finite number ≥ min (NaN, Infinity and numeric strings from a config file are not). */
export const isNumberFrom = (min: number) => (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= min;

/** A count that must stay useful (a batch of at least one event): a finite number ≥ 0, floored, at least `min`. */
export function count(fallback: number, min = 1): OptionRule<number> {
  return { default: fallback, takes: DEV ? 'a number ≥ 0' : '', valid: isNumberFrom(0), coerce: (v) => Math.max(min, Math.floor(v as number)) };
}

/** A finite number ≥ 0 (a bound, a retry count, a duration in ms). */
export function amount(fallback: number): OptionRule<number> {
  return { default: fallback, takes: DEV ? 'a number ≥ 0' : '', valid: isNumberFrom(0) };
}

export function flag(fallback: boolean): OptionRule<boolean> {
  return { default: fallback, takes: DEV ? 'true or false' : '', valid: isBoolean };
}

export function optional<T>(takes: string, valid: (v: unknown) => boolean): OptionRule<T | undefined> {
  return { default: undefined, takes, valid };
}
