import { truncate } from '../text';
/**
 * Turns any value into plain JSON-safe data within depth, breadth, string and value-count limits.
 * Cycles, shared references, throwing getters, Proxies, BigInt, Symbols, Maps, Sets, typed arrays
 * and `__proto__` keys all come out as readable data, never as an exception or a polluted prototype.
 *
 * Cost is bounded whatever the input: each object is walked once (a second reference to it becomes
 * REPEATED, as a cycle becomes CIRCULAR: a graph of shared references — YAML aliases, "billion
 * laughs" — is not unfolded into its exponential tree), and every value walked spends one unit of a
 * budget; once it is spent, what is left becomes TRUNCATED.
 */

export interface NormalizeLimits {
  depth: number;
  breadth: number;
  stringLength: number;
}

export const DEFAULT_LIMITS: NormalizeLimits = { depth: 5, breadth: 100, stringLength: 4096 };
/** Longest key kept: a key is a name; a megabyte-long one is data and costs only its first characters. */
export const MAX_KEY = 200;

/** Values (leaves and containers) one normalisation may walk: many calls may share one, as an event's parts do. */
export interface ValueBudget {
  left: number;
}

/** What one call walks at most when no budget is shared with it. */
export const DEFAULT_VALUE_BUDGET = 10_000;

export type Plain = null | boolean | number | string | Plain[] | { [key: string]: Plain };

export const FILTERED = '[Filtered]';
export const CIRCULAR = '[Circular]';
/** An object already walked elsewhere in the same value: written once, marked after. */
export const REPEATED = '[Repeated]';
/** What the value budget left out. */
const THROWING_GETTER = '[Throwing getter]';
export const TRUNCATED = '[Truncated]';

/** Scrubbing done in the same walk: secret-keyed values become FILTERED, strings go through `text`. */
export interface ScrubHook {
  isSecretKey(key: string): boolean;
  text(text: string): string;
  /** Numbers that must not go out as they are (a card number held as a number). */
  number?(n: number): Plain;
}

/**
 * An app value as text, bounded: `String()` as usual, but a list is joined from its first 100
 * items with nested lists not unfolded — `String()` of a YAML document's shared aliases spells out
 * 10⁹ leaves. Given a scrub hook, the list is scrubbed as one (a `rawHeaders`-like name/value list
 * hides its secret values). Throws where `String()` throws.
 */
export function textOf(value: unknown, scrub?: ScrubHook): string {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) return String(value);
  return (normalize(value, { depth: 1, breadth: 100, stringLength: 1024 }, scrub) as Plain[]).join(', ');
}

/** Sets a key as an own property even when it is `__proto__`. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** Null and '' say "not set", which is worth keeping: only other values are hidden behind FILTERED. */
const isSet = (v: unknown): boolean => v !== null && v !== '';

/**
 * The walk in progress, shared by the helpers below instead of being passed to each: set by
 * normalize() for its duration and restored after (a scrubber may normalise inside a walk).
 */
let limits: NormalizeLimits;
let scrub: ScrubHook | undefined;
let budget: ValueBudget;
/** Every object walked so far, and those on the current path (for cycles). */
let seen: Set<object>;
let path: object[];

export function normalize(value: unknown, walkLimits: NormalizeLimits = DEFAULT_LIMITS, walkScrub?: ScrubHook, walkBudget: ValueBudget = { left: DEFAULT_VALUE_BUDGET }): Plain {
  const outerLimits = limits;
  const outerScrub = scrub;
  const outerBudget = budget;
  const outerSeen = seen;
  const outerPath = path;
  limits = walkLimits;
  scrub = walkScrub;
  budget = walkBudget;
  seen = new Set();
  path = [];
  try {
    return visit(value, walkLimits.depth);
  } finally {
    limits = outerLimits;
    scrub = outerScrub;
    budget = outerBudget;
    seen = outerSeen;
    path = outerPath;
  }
}

/** Whether the `i`th entry of a container is still walked: within breadth, and the budget not spent. */
const more = (i: number): boolean => i < limits.breadth && budget.left > 0;

function visit(value: unknown, depth: number): Plain {
  if (budget.left <= 0) return TRUNCATED;
  budget.left--;
  const out = plain(value, depth);
  if (!scrub) return out;
  if (typeof out === 'string') return scrub.text(out);
  // Only long integers can be card numbers: one comparison for every other number.
  return typeof out === 'number' && out >= 1e12 && scrub.number ? scrub.number(out) : out;
}

function plain(value: unknown, depth: number): Plain {
  switch (typeof value) {
    case 'string':
      return truncate(value, limits.stringLength);
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'boolean':
      return value;
    case 'undefined':
      return '[undefined]';
    case 'bigint':
      return value + 'n';
    case 'symbol':
      return String(value);
    case 'function':
      return `[Function ${safeGet(value, 'name', 0) || '<anonymous>'}]`;
  }
  if (value === null) return null;
  const obj = value as object;
  try {
    if (seen.has(obj)) return path.includes(obj) ? CIRCULAR : REPEATED;
    if (depth <= 0) return `[${kindOf(obj)}]`;
    seen.add(obj);
    path.push(obj);
    try {
      return walkObject(obj, depth);
    } finally {
      path.pop();
    }
  } catch {
    return '[Unreadable]';
  }
}

function walkObject(obj: object, depth: number): Plain {
  if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? 'Invalid Date' : obj.toISOString();
  if (obj instanceof RegExp) return obj.toString();
  if (obj instanceof Error) return { name: visit(safeGet(obj, 'name', THROWING_GETTER), 1), message: visit(safeGet(obj, 'message', THROWING_GETTER), 1) };
  if (ArrayBuffer.isView(obj)) return `[${kindOf(obj)} length=${(obj as { length?: number }).length ?? obj.byteLength}]`;
  if (Array.isArray(obj)) {
    const out: Plain[] = [];
    const length = obj.length;
    // A flat list of names and values (`rawHeaders`, an `[name, value]` entry): a secret name hides the value after it.
    const pairs = scrub !== undefined && length % 2 === 0;
    let i = 0;
    let name: unknown;
    for (; i < length && more(i); i++) {
      const item: unknown = obj[i];
      // The FILTERED written in place of a walked value still spends its unit of the budget.
      out.push(pairs && i % 2 === 1 && isSecretName(name) && isSet(item) ? (budget.left--, FILTERED) : visit(item, depth - 1));
      name = item;
    }
    if (length > i) out.push(`[…${length - i} more]`);
    return out;
  }
  if (obj instanceof Set) {
    const out: Plain[] = [];
    for (const v of obj) {
      if (!more(out.length)) break;
      out.push(visit(v, depth - 1));
    }
    return out;
  }
  const out: Record<string, Plain> = {};
  let namedSecret = false;
  // Keys are scrubbed as text: a card number or a token used as a key is as secret as a value (both
  // are 13 characters or more; shorter keys, most of them, skip the scrubber).
  const put = (key: string, v: unknown): void => {
    const name = truncate(key, MAX_KEY);
    setOwn(out, scrub && key.length >= 13 ? scrub.text(name) : name, (scrub?.isSecretKey(key) || (namedSecret && isValueField(key))) && isSet(v) ? FILTERED : visit(v, depth - 1));
  };
  if (obj instanceof Map) {
    let i = 0;
    for (const [k, v] of obj) {
      if (!more(i++)) break;
      put(typeof k === 'string' ? k : String(visit(k, 1)), v);
    }
    return out;
  }
  const keys = Object.keys(obj);
  // A small record that names its own value (`{ name: 'DB_PASSWORD', value }`, `{ Key: 'api_token', Value }`):
  // the value is the secret. Its few fields are read up front, each once as everywhere else.
  const values = scrub && keys.length <= 8 && keys.some(isValueField) ? keys.map((k) => safeGet(obj, k, THROWING_GETTER)) : undefined;
  if (values) namedSecret = keys.some((k, j) => NAME_FIELD.test(k) && isSecretName(values[j]));
  let i = 0;
  for (; i < keys.length && more(i); i++) put(keys[i], values ? values[i] : safeGet(obj, keys[i], THROWING_GETTER));
  if (keys.length > i) out['…'] = `${keys.length - i} more keys`;
  return out;
}

/** Fields that name a record's value, and the field that holds it. */
const NAME_FIELD = /^(?:name|key|id|field|header|variable|param(?:eter)?)$/i;
const VALUE_FIELD = /^values?$/i;
const isValueField = (key: string): boolean => key.length <= 6 && VALUE_FIELD.test(key);
/** A header's or a variable's name: one word, no spaces (a sentence in a list is not a name). */
const NAME_LIKE = /^[\w.-]{1,64}$/;

/** Only asked while scrubbing. */
function isSecretName(name: unknown): boolean {
  return typeof name === 'string' && NAME_LIKE.test(name) && scrub!.isSecretKey(name);
}

/** A property read that may throw (a getter, a Proxy): `fallback` instead. */
export function safeGet(obj: unknown, key: string, fallback?: unknown): unknown {
  try {
    return (obj as Record<string, unknown>)[key];
  } catch {
    return fallback;
  }
}

function kindOf(obj: object): string {
  try {
    return Object.prototype.toString.call(obj).slice(8, -1);
  } catch {
    return 'Object';
  }
}
