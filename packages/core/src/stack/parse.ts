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
  let bounded = stack;
  for (let i = 0; i < MAX_STACK_LINES; i++) {
    end = stack.indexOf('\n', end + 1);
    if (end < 0) break;
  }
  if (end >= 0) bounded = stack.slice(0, end);
  if (bounded.length <= MAX_LINE) return bounded;
  // Both ends of a long line survive: the function name first, the ":line:col)" location last.
  return bounded
    .split('\n')
    .map((line) => (line.length > MAX_LINE ? line.slice(0, MAX_LINE / 2) + line.slice(-MAX_LINE / 2) : line))
    .join('\n');
}

interface RawFrame {
  functionName?: string;
  fileName?: string;
  lineNumber?: number;
  columnNumber?: number;
}

const V8_LINE = /^\s*at .*(\S+:\d+|\(native\))/m;

/** "file:line:col" → its parts (error-stack-parser's extractLocation). */
function location(urlLike: string): RawFrame {
  if (!urlLike.includes(':')) return { fileName: urlLike };
  const parts = /(.+?)(?::(\d+))?(?::(\d+))?$/.exec(urlLike.replace(/[()]/g, ''));
  return parts ? { fileName: parts[1], lineNumber: parts[2] ? +parts[2] : undefined, columnNumber: parts[3] ? +parts[3] : undefined } : {};
}

/**
 * V8 ("    at fn (file:1:2)") and SpiderMonkey/JavaScriptCore ("fn@file:1:2") stacks, with the same
 * results as error-stack-parser for these formats, without its 5 KB (which browser bundles pay for).
 */
function parseLines(stack: string): RawFrame[] {
  if (V8_LINE.test(stack)) {
    return stack.split('\n').filter((line) => V8_LINE.test(line)).map((line) => {
      if (line.includes('(eval ')) line = line.replace(/eval code/g, 'eval').replace(/(\(eval at [^()]*)|(,.*$)/g, '');
      let text = line.replace(/^\s+/, '').replace(/\(eval code/g, '(').replace(/^.*?\s+/, '');
      const at = / (\(.+\)$)/.exec(text);
      if (at) text = text.replace(at[0], '');
      const frame = location(at ? at[1] : text);
      if (frame.fileName === 'eval' || frame.fileName === '<anonymous>') frame.fileName = undefined;
      frame.functionName = (at && text) || undefined;
      return frame;
    });
  }
  return stack.split('\n').filter((line) => !/^(eval@)?(\[native code])?$/.test(line)).map((line) => {
    if (line.includes(' > eval')) line = line.replace(/ line (\d+)(?: > eval line \d+)* > eval:\d+:\d+/g, ':$1');
    if (!line.includes('@') && !line.includes(':')) return { functionName: line };
    const name = /((.*".+"[^@]*)?[^@]*)(?:@)/;
    const frame = location(line.replace(name, ''));
    frame.functionName = name.exec(line)?.[1] || undefined;
    return frame;
  });
}

/** Parses a raw stack string; frames come innermost LAST (Sentry's order). */
export function parseStackString(stack: string, rules?: InAppRules): Frame[] {
  let parsed: RawFrame[];
  try {
    // V8 puts the message first; a huge multi-line message must not be scanned as frames.
    const header = stack.indexOf('\n    at ');
    const body = header > 0 ? 'Error' + stack.slice(header) : stack;
    parsed = parseLines(boundedStack(body));
  } catch {
    return [];
  }
  const frames: Frame[] = [];
  for (let i = Math.min(parsed.length, MAX_FRAMES) - 1; i >= 0; i--) {
    const f = parsed[i];
    const file = f.fileName || undefined;
    const frame: Frame = { inApp: isInApp(file, rules) };
    if (file) frame.file = file;
    if (f.functionName) frame.function = f.functionName;
    if (typeof f.lineNumber === 'number') frame.line = f.lineNumber;
    if (typeof f.columnNumber === 'number') frame.column = f.columnNumber;
    frames.push(frame);
  }
  return frames;
}

/** `parseStack(error)`: the frames of any thrown value, innermost last; [] when it has no stack. */
export function parseStack(error: unknown, rules?: InAppRules): Frame[] {
  const stack = readStack(error);
  return stack ? parseStackString(stack, rules) : [];
}
