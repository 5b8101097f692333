/**
 * Turns any value into plain JSON-safe data within depth, breadth and string limits.
 * Cycles, throwing getters, Proxies, BigInt, Symbols, Maps, Sets, typed arrays and
 * `__proto__` keys all come out as readable data, never as an exception or a polluted prototype.
 */

export interface NormalizeLimits {
  depth: number;
  breadth: number;
  stringLength: number;
}

export const DEFAULT_LIMITS: NormalizeLimits = { depth: 5, breadth: 100, stringLength: 4096 };

export type Plain = null | boolean | number | string | Plain[] | { [key: string]: Plain };

export const FILTERED = '[Filtered]';

/** Scrubbing done in the same walk: secret-keyed values become FILTERED, strings go through `text`. */
export interface ScrubHook {
  isSecretKey(key: string): boolean;
  text(text: string): string;
}

/** Sets a key as an own property even when it is `__proto__`. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function clip(s: string, max: number): string {
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}

export function normalize(value: unknown, limits: NormalizeLimits = DEFAULT_LIMITS, scrub?: ScrubHook): Plain {
  return walk(value, limits.depth, limits, new WeakSet(), scrub);
}

function walk(value: unknown, depth: number, limits: NormalizeLimits, seen: WeakSet<object>, scrub?: ScrubHook): Plain {
  const out = plain(value, depth, limits, seen, scrub);
  return scrub && typeof out === 'string' ? scrub.text(out) : out;
}

function plain(value: unknown, depth: number, limits: NormalizeLimits, seen: WeakSet<object>, scrub?: ScrubHook): Plain {
  switch (typeof value) {
    case 'string':
      return clip(value, limits.stringLength);
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'boolean':
      return value;
    case 'undefined':
      return '[undefined]';
    case 'bigint':
      return `${value.toString()}n`;
    case 'symbol':
      return value.toString();
    case 'function':
      return `[Function ${safeName(value)}]`;
  }
  if (value === null) return null;
  const obj = value as object;
  try {
    if (seen.has(obj)) return '[Circular]';
    if (depth <= 0) return `[${kindOf(obj)}]`;
    seen.add(obj);
    try {
      return walkObject(obj, depth, limits, seen, scrub);
    } finally {
      seen.delete(obj);
    }
  } catch {
    return '[Unreadable]';
  }
}

function walkObject(obj: object, depth: number, limits: NormalizeLimits, seen: WeakSet<object>, scrub?: ScrubHook): Plain {
  if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? 'Invalid Date' : obj.toISOString();
  if (obj instanceof RegExp) return obj.toString();
  if (obj instanceof Error) {
    const out: Record<string, Plain> = { name: walk(safeGet(obj, 'name'), 1, limits, seen, scrub), message: walk(safeGet(obj, 'message'), 1, limits, seen, scrub) };
    return out;
  }
  if (ArrayBuffer.isView(obj)) return `[${kindOf(obj)} length=${(obj as { length?: number }).length ?? obj.byteLength}]`;
  if (Array.isArray(obj)) {
    const out: Plain[] = [];
    const n = Math.min(obj.length, limits.breadth);
    for (let i = 0; i < n; i++) out.push(walk(obj[i], depth - 1, limits, seen, scrub));
    if (obj.length > n) out.push(`[…${obj.length - n} more]`);
    return out;
  }
  const out: Record<string, Plain> = {};
  // Null and '' say "not set", which is worth keeping; any other secret-keyed value is hidden.
  const put = (key: string, v: unknown): void =>
    setOwn(out, key, scrub?.isSecretKey(key) && v !== null && v !== '' ? FILTERED : walk(v, depth - 1, limits, seen, scrub));
  if (obj instanceof Map) {
    let i = 0;
    for (const [k, v] of obj) {
      if (i++ >= limits.breadth) break;
      put(clip(typeof k === 'string' ? k : String(walk(k, 1, limits, seen, scrub)), 200), v);
    }
    return out;
  }
  if (obj instanceof Set) {
    const out: Plain[] = [];
    for (const v of obj) {
      if (out.length >= limits.breadth) break;
      out.push(walk(v, depth - 1, limits, seen, scrub));
    }
    return out;
  }
  const keys = Object.keys(obj);
  const n = Math.min(keys.length, limits.breadth);
  for (let i = 0; i < n; i++) put(keys[i], safeGet(obj, keys[i]));
  if (keys.length > n) out['…'] = `${keys.length - n} more keys`;
  return out;
}

function safeGet(obj: object, key: string): unknown {
  try {
    return (obj as Record<string, unknown>)[key];
  } catch {
    return '[Throwing getter]';
  }
}

function safeName(fn: unknown): string {
  try {
    return (fn as { name?: string }).name || '<anonymous>';
  } catch {
    return '<anonymous>';
  }
}

function kindOf(obj: object): string {
  try {
    return Object.prototype.toString.call(obj).slice(8, -1);
  } catch {
    return 'Object';
  }
}
