import { toJson } from './event/json';
import { normalize, textOf } from './event/normalize';
import { truncate } from './text';

/** Type and message of any thrown value, read defensively (getters throw, Proxies trap, names lie). */

/** Longest message (and message text of captureMessage) kept, in UTF-16 units. */
export const MAX_MESSAGE = 8192;

function safeString(value: unknown): string | undefined {
  try {
    if (value === undefined) return undefined;
    const text = textOf(value);
    // A message that is an object ({ code, detail }) reads better as its data than as "[object Object]".
    if (value !== null && typeof value === 'object' && text.startsWith('[object ')) return toJson(normalize(value, { depth: 3, breadth: 20, stringLength: 200 }));
    return text;
  } catch {
    return undefined;
  }
}

function isErrorLike(value: object): boolean {
  try {
    return value instanceof Error || (typeof (value as Error).stack === 'string' && 'message' in value);
  } catch {
    return false;
  }
}

/**
 * A real Error object (any realm), not a plain object that looks like one. Its stack is the only
 * kind a runtime may act on (read source files for): a `stack` on plain data is whatever string an
 * upstream body or a queue message carried.
 */
export function isErrorObject(value: unknown): boolean {
  try {
    return value instanceof Error || Object.prototype.toString.call(value) === '[object Error]';
  } catch {
    return false;
  }
}

export interface ErrorInfo {
  type: string;
  message: string;
  isError: boolean;
}

export function errorInfo(value: unknown): ErrorInfo {
  if (value === null || value === undefined) return { type: 'Error', message: `${value} was thrown`, isError: false };
  const kind = typeof value;
  if (kind !== 'object' && kind !== 'function') {
    const type = kind === 'string' ? 'Error' : kind[0].toUpperCase() + kind.slice(1);
    return { type, message: truncate(safeString(value) ?? `<unreadable ${kind}>`, MAX_MESSAGE), isError: false };
  }
  const isError = isErrorLike(value as object);
  // Read here, not through safeGet: a property named at its read site is a fast, monomorphic load on the capture path.
  let type: string | undefined;
  let message: string | undefined;
  try {
    type = safeString((value as Error).name);
  } catch {
    /* throwing getter */
  }
  try {
    message = safeString((value as Error).message);
  } catch {
    /* throwing getter */
  }
  if (!type || type === 'Error') {
    try {
      const ctor: unknown = (value as object).constructor?.name;
      // A Proxy answers with whatever it likes: only a string is a name.
      if (typeof ctor === 'string' && ctor && ctor !== 'Object' && ctor !== 'Error') type = ctor;
    } catch {
      /* Proxy */
    }
  }
  if (!isError && message === undefined) message = describeObject(value as object);
  return { type: truncate(type || 'Error', 200), message: truncate(message ?? '', MAX_MESSAGE), isError };
}

function describeObject(value: object): string {
  try {
    const keys = Object.keys(value).slice(0, 10);
    return `Non-Error object captured with keys: ${keys.join(', ') || '(none)'}`;
  } catch {
    return 'Non-Error object captured';
  }
}
