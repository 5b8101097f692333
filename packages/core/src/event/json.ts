/**
 * JSON for payloads and storage that no patched prototype can change. `JSON.stringify` calls any
 * `toJSON` a value inherits: with Prototype.js's `Array.prototype.toJSON` a batch became
 * `{"events":"ARRAY:1"}`, and an `Object.prototype.toJSON` turns every object into what it returns.
 */

// Taken at load: a library that replaces them later does not write our payloads.
const nativeStringify = JSON.stringify;
const hasOwn = Object.prototype.hasOwnProperty;
const objectProto = Object.prototype;
const arrayProto = Array.prototype;

/** Whether a library has set a toJSON where plain objects and arrays inherit it from. */
function prototypesPatched(): boolean {
  return hasOwn.call(objectProto, 'toJSON') || hasOwn.call(arrayProto, 'toJSON');
}

/**
 * `JSON.stringify(value)` as an unpatched runtime computes it. The native serialiser runs whenever
 * the prototypes are clean (the hot path: one property check); otherwise a walk that ignores
 * the `toJSON` found on Object.prototype or Array.prototype (a Date's, or a class's own, still apply).
 * Throws where JSON.stringify throws (cycles, BigInt).
 */
export function toJson(value: unknown): string {
  if (!prototypesPatched()) return nativeStringify(value);
  return write(value, '', []) ?? 'null';
}

function write(input: unknown, key: string, path: object[]): string | undefined {
  let value = input;
  if (value !== null && typeof value === 'object') {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function' && toJSON !== (objectProto as { toJSON?: unknown }).toJSON && toJSON !== (arrayProto as { toJSON?: unknown }).toJSON) {
      value = toJSON.call(value, key);
    }
  }
  if (value instanceof Number || value instanceof String || value instanceof Boolean) value = value.valueOf();
  // Leaves are written by the native serialiser, which reads no toJSON for them but a BigInt's (a patched one could answer).
  if (typeof value === 'bigint') throw new TypeError('Do not know how to serialize a BigInt');
  if (typeof value === 'function') return undefined;
  if (value === null || typeof value !== 'object') return nativeStringify(value);
  const obj = value as object;
  if (path.includes(obj)) throw new TypeError('Converting circular structure to JSON');
  path.push(obj);
  try {
    if (Array.isArray(obj)) {
      const parts: string[] = [];
      for (let i = 0; i < obj.length; i++) parts.push(write(obj[i], String(i), path) ?? 'null');
      return `[${parts.join(',')}]`;
    }
    const parts: string[] = [];
    for (const k of Object.keys(obj)) {
      const v = write((obj as Record<string, unknown>)[k], k, path);
      if (v !== undefined) parts.push(`${nativeStringify(k)}:${v}`);
    }
    return `{${parts.join(',')}}`;
  } finally {
    path.pop();
  }
}
