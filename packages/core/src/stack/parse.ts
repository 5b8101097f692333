import ErrorStackParser from 'error-stack-parser';
import type { Frame } from '../types';
import { isInApp, type InAppRules } from './frames';

/** A stack with 100,000 lines must not cost 100,000 frames: keep the innermost ones. */
export const MAX_FRAMES = 100;
const MAX_STACK_LINES = MAX_FRAMES + 20;

/** Reads `.stack` without trusting the thrown value: getters may throw, Proxies may trap. */
export function readStack(error: unknown): string | undefined {
  try {
    if (error === null || (typeof error !== 'object' && typeof error !== 'function')) return undefined;
    const stack = (error as { stack?: unknown }).stack;
    return typeof stack === 'string' && stack.length > 0 ? stack : undefined;
  } catch {
    return undefined;
  }
}

/** The frames part of a stack, without the "Type: message" header V8 puts first. */
export function framesPart(stack: string): string {
  const at = stack.indexOf('\n    at ');
  return at >= 0 ? stack.slice(at) : stack;
}

/** Longest stack line parsed: frame patterns backtrack, so a megabyte-long line must not reach them whole. */
const MAX_LINE = 2048;

function boundedStack(stack: string): string {
  let end = -1;
  for (let i = 0; i < MAX_STACK_LINES && (end = stack.indexOf('\n', end + 1)) >= 0; i++);
  const bounded = end >= 0 ? stack.slice(0, end) : stack;
  if (bounded.length <= MAX_LINE) return bounded;
  // Both ends of a long line survive: the function name first, the ":line:col)" location last.
  return bounded
    .split('\n')
    .map((line) => (line.length > MAX_LINE ? line.slice(0, MAX_LINE / 2) + line.slice(-MAX_LINE / 2) : line))
    .join('\n');
}

/** Firefox and Safari frames are `name@location:line:col` (or `@[native code]`): a V8 stack with no frames at all ("Error: msg", stackTraceLimit 0) must not parse as one. */
const LOCATION = /:\d|\[native code\]/;

function withoutHeader(stack: string): string {
  if (stack.startsWith('    at ')) return stack;
  return stack
    .split('\n')
    .filter((line) => line.includes('@') && LOCATION.test(line))
    .join('\n');
}

/** Parses a raw stack string; frames come innermost LAST (Sentry's order). */
export function parseStackString(stack: string, rules?: InAppRules): Frame[] {
  let parsed: ErrorStackParser.StackFrame[];
  try {
    // V8 puts the message first; a huge multi-line message must not be scanned as frames.
    const header = stack.indexOf('\n    at ');
    const body = header > 0 ? boundedStack('Error' + stack.slice(header)) : withoutHeader(boundedStack(stack));
    if (body === '') return [];
    parsed = ErrorStackParser.parse({ stack: body } as Error);
  } catch {
    return [];
  }
  const frames: Frame[] = [];
  for (let i = Math.min(parsed.length, MAX_FRAMES) - 1; i >= 0; i--) {
    const f = parsed[i];
    const file = f.fileName || undefined;
    // Every frame has every key, in one order (absent ones undefined, which JSON leaves out): one
    // object shape keeps the property reads of enrichment, size checks and encoders monomorphic.
    frames.push({
      file,
      function: f.functionName || undefined,
      line: typeof f.lineNumber === 'number' ? f.lineNumber : undefined,
      column: typeof f.columnNumber === 'number' ? f.columnNumber : undefined,
      inApp: isInApp(file, rules),
      context: undefined,
    });
  }
  return frames;
}

/** `parseStack(error)`: the frames of any thrown value, innermost last; [] when it has no stack. */
export function parseStack(error: unknown, rules?: InAppRules): Frame[] {
  const stack = readStack(error);
  return stack ? parseStackString(stack, rules) : [];
}
