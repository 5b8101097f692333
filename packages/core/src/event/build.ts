import { errorInfo, isErrorObject, type ErrorInfo } from '../error-info';
import { readStack } from '../stack';
import type { ParsedStack } from '../fingerprint';
import type { Scope } from '../scope';
import type { Breadcrumb, CaptureHint, Event, ExceptionInfo, Level, Mechanism } from '../types';
import { FILTERED, normalize, setOwn, type NormalizeLimits, type Plain } from './normalize';
import type { Scrubber } from './scrub';

export const LEVELS = new Set<unknown>(['fatal', 'error', 'warning', 'info', 'debug']);
const MAX_CAUSES = 10;
const MAX_AGGREGATED = 10;

export interface BuildContext {
  id: string;
  fingerprint: string;
  occurrences: number;
  environment: string;
  release?: string;
  platform: string;
  sdk: { name: string; version: string };
  scope: Scope;
  scrubber: Scrubber;
  /** The client's stack cache: parsed, URL-scrubbed frames per throw site; symbolicated only when `fromError`. */
  parse: (stack: string, fromError: boolean) => ParsedStack;
  now: number;
}

function mechanismOf(hint: CaptureHint | undefined): Mechanism {
  try {
    const m = hint?.mechanism;
    const type = typeof m === 'string' ? m : m?.type ?? 'generic';
    const handled = hint?.handled ?? (typeof m === 'object' && typeof m.handled === 'boolean' ? m.handled : true);
    return { type: String(type), handled: handled !== false };
  } catch {
    return { type: 'generic', handled: true }; // a hint whose getters throw still leaves its event
  }
}

function exceptionOf(value: unknown, info: ErrorInfo, mechanism: Mechanism, ctx: BuildContext): ExceptionInfo {
  const stack = readStack(value);
  // Frames are copied: apps edit them in beforeSend, and the cached ones (file URLs already scrubbed) are shared.
  const frames = stack ? ctx.parse(stack, isErrorObject(value)).frames.map((f) => ({ ...f })) : [];
  return { type: info.type, message: ctx.scrubber.text(info.message), frames, mechanism };
}

function safeProp(value: unknown, key: string): unknown {
  try {
    return (value as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** Outermost first, then each `cause` (cycle-safe, bounded), then an AggregateError's members. */
function exceptionsOf(error: unknown, info: ErrorInfo, mechanism: Mechanism, ctx: BuildContext): ExceptionInfo[] {
  const out: ExceptionInfo[] = [exceptionOf(error, info, mechanism, ctx)];
  const seen = new Set<unknown>([error]);
  let current = safeProp(error, 'cause');
  const chained = { type: 'chained', handled: mechanism.handled };
  while (current !== undefined && current !== null && !seen.has(current) && out.length <= MAX_CAUSES) {
    seen.add(current);
    out.push(exceptionOf(current, errorInfo(current), chained, ctx));
    current = typeof current === 'object' ? safeProp(current, 'cause') : undefined;
  }
  try {
    const members = safeProp(error, 'errors');
    if (Array.isArray(members)) {
      for (const member of members.slice(0, MAX_AGGREGATED)) {
        out.push(exceptionOf(member, errorInfo(member), { type: 'aggregate', handled: mechanism.handled }, ctx));
      }
    }
  } catch {
    /* an `errors` that throws when read (a Proxy): the error and its causes still go */
  }
  return out;
}

const OWN_SKIP = new Set(['stack', 'message', 'name', 'cause', 'errors']);

/** Extra data carried by the thrown value: own props of an Error (code, status…), or the whole non-Error object. */
function thrownData(error: unknown, info: ErrorInfo, scrubber: Scrubber): Record<string, Plain> | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  try {
    if (!info.isError) return { value: normalize(error, undefined, scrubber) };
    const keys = Object.keys(error).filter((k) => !OWN_SKIP.has(k));
    if (keys.length === 0) return undefined;
    const picked: Record<string, unknown> = {};
    for (const k of keys.slice(0, 50)) picked[k] = safeProp(error, k);
    return normalize(picked, undefined, scrubber) as Record<string, Plain>;
  } catch {
    return undefined;
  }
}

function scrubCrumb(crumb: Breadcrumb, scrubber: Scrubber): Breadcrumb {
  const out: Breadcrumb = { ...crumb };
  if (out.message) out.message = scrubber.text(out.message);
  if (out.data) {
    const data = normalize(out.data, { depth: 3, breadth: 50, stringLength: 1024 }, scrubber) as Record<string, unknown>;
    if (typeof data.url === 'string') data.url = scrubber.url(data.url);
    out.data = data;
  }
  return out;
}

/** ISO time of the last millisecond asked for: formatting costs ~0.4 µs, and a burst shares its milliseconds. */
let isoMs = NaN;
let isoText = '';
function isoTime(ms: number): string {
  if (ms !== isoMs) {
    isoText = new Date(ms).toISOString();
    isoMs = ms;
  }
  return isoText;
}

function base(ctx: BuildContext, level: Level): Event {
  const { scope, scrubber } = ctx;
  // Normalised and scrubbed in one walk.
  const clean = <T>(value: unknown, limits?: NormalizeLimits): T => normalize(value, limits, scrubber) as T;
  const event: Event = {
    id: ctx.id,
    timestamp: isoTime(ctx.now),
    level,
    environment: ctx.environment,
    fingerprint: ctx.fingerprint,
    exceptions: [],
    tags: normalizeStrings(scope.tags, scrubber),
    contexts: clean(scope.contexts),
    breadcrumbs: scope.breadcrumbs().map((c) => scrubCrumb(c, scrubber)),
    sdk: ctx.sdk,
    platform: ctx.platform,
    occurrences: ctx.occurrences,
  };
  if (ctx.release) event.release = ctx.release;
  if (scope.user) event.user = clean(scope.user);
  const request = requestOf(scope, scrubber, clean);
  if (request) event.request = request;
  return event;
}

/** The scope's request, scrubbed; one the app set that cannot be read (no url, throwing headers) is left out, not the event. */
function requestOf(scope: Scope, scrubber: Scrubber, clean: <T>(value: unknown) => T): Event['request'] {
  try {
    const r = scope.request;
    if (!r) return undefined;
    const request: NonNullable<Event['request']> = {
      method: String(r.method ?? 'GET'),
      url: scrubber.url(String(r.url ?? '')),
      headers: normalizeStrings(r.headers, scrubber),
    };
    if (r.query !== undefined) request.query = typeof r.query === 'string' ? scrubber.url('?' + r.query).slice(1) : clean(r.query);
    if (r.data !== undefined) request.data = clean(r.data);
    return request;
  } catch {
    return undefined;
  }
}

/** Flat string records (tags, headers), scrubbed. */
function normalizeStrings(record: Record<string, unknown> | undefined, scrubber: Scrubber): Record<string, string> {
  const out: Record<string, string> = {};
  if (!record) return out;
  for (const key of Object.keys(record)) {
    const v = record[key];
    const s = typeof v === 'string' ? v : Array.isArray(v) ? v.join(', ') : String(normalize(v, { depth: 1, breadth: 10, stringLength: 200 }));
    setOwn(out, key, scrubber.isSecretKey(key) && s !== '' ? FILTERED : scrubber.text(s.slice(0, 1024)));
  }
  return out;
}

/** Any thrown value → the transport-neutral event. Runs only for events that passed the cheap decisions. */
export function buildExceptionEvent(error: unknown, info: ErrorInfo, hint: CaptureHint | undefined, ctx: BuildContext): Event {
  // Encoders index tables by level: an unknown one (a typo, a number) becomes 'error' instead of breaking them.
  const event = base(ctx, LEVELS.has(hint?.level as Level) ? (hint?.level as Level) : 'error');
  event.exceptions = exceptionsOf(error, info, mechanismOf(hint), ctx);
  const data = thrownData(error, info, ctx.scrubber);
  if (data) event.contexts[info.isError ? 'error_data' : 'thrown_value'] = data;
  return event;
}

export function buildMessageEvent(message: string, level: Level, ctx: BuildContext): Event {
  const event = base(ctx, LEVELS.has(level) ? level : 'info');
  event.message = ctx.scrubber.text(message);
  return event;
}
