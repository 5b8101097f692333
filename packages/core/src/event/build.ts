import { errorInfo, isErrorObject, type ErrorInfo } from '../error-info';
import { readStack } from '../stack';
import type { ParsedStack } from '../fingerprint';
import type { Scope } from '../scope';
import type { Breadcrumb, CaptureHint, Event, ExceptionInfo, Level, Mechanism } from '../types';
import { DEFAULT_LIMITS, FILTERED, MAX_KEY, normalize, safeGet, setOwn, textOf, type NormalizeLimits, type Plain, type ValueBudget } from './normalize';
import type { Scrubber } from './scrub';

export const LEVELS = new Set<unknown>(['fatal', 'error', 'warning', 'info', 'debug']);
const MAX_CAUSES = 10;
const MAX_AGGREGATED = 10;

/**
 * Values one event's app data may hold in all (user, request, error data, contexts, breadcrumbs
 * together), walked in that order: the cost of a capture is bounded whatever the app attached.
 * Ten times Sentry's default breadth (1,000), ~20 ms at worst on a laptop.
 */
export const EVENT_VALUE_BUDGET = 10_000;

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
    // Handled unless told `false`, by the hint or its mechanism (a string mechanism says nothing of it).
    const handled = hint?.handled ?? (m as Partial<Mechanism> | undefined)?.handled;
    // A name, cut like an error's type: the event's size limit does not look into mechanisms.
    return { type: textOf(type).slice(0, 200), handled: handled !== false };
  } catch {
    return { type: 'generic', handled: true }; // a hint whose getters throw still leaves its event
  }
}

function exceptionOf(value: unknown, info: ErrorInfo, mechanism: Mechanism, ctx: BuildContext): ExceptionInfo {
  const stack = readStack(value);
  // Frames are copied: apps edit them in beforeSend, and the cached ones (file URLs already scrubbed) are shared.
  const frames = stack ? ctx.parse(stack, isErrorObject(value)).frames.map((f) => ({ ...f })) : [];
  return { type: ctx.scrubber.text(info.type), message: ctx.scrubber.text(info.message), frames, mechanism };
}

/** Outermost first, then each `cause` (cycle-safe, bounded), then an AggregateError's members. */
function exceptionsOf(error: unknown, info: ErrorInfo, mechanism: Mechanism, ctx: BuildContext): ExceptionInfo[] {
  const out: ExceptionInfo[] = [exceptionOf(error, info, mechanism, ctx)];
  const add = (value: unknown, type: string): unknown => out.push(exceptionOf(value, errorInfo(value), { type, handled: mechanism.handled }, ctx));
  const seen = new Set<unknown>([error]);
  let current = safeGet(error, 'cause');
  while (current != null && !seen.has(current) && out.length <= MAX_CAUSES) {
    seen.add(current);
    add(current, 'chained');
    current = typeof current === 'object' ? safeGet(current, 'cause') : undefined;
  }
  try {
    const members = safeGet(error, 'errors');
    if (Array.isArray(members)) for (const member of members.slice(0, MAX_AGGREGATED)) add(member, 'aggregate');
  } catch {
    /* an `errors` that throws when read (a Proxy): the error and its causes still go */
  }
  return out;
}

/** App data normalised and scrubbed, drawing on the event's one value budget. */
type Clean = <T>(value: unknown, limits?: NormalizeLimits) => T;

const OWN_SKIP = new Set(['stack', 'message', 'name', 'cause', 'errors']);

/** Extra data carried by the thrown value: own props of an Error (code, status…), or the whole non-Error object. */
function thrownData(error: unknown, info: ErrorInfo, clean: Clean): Record<string, Plain> | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  try {
    if (!info.isError) return { value: clean(error) };
    const keys = Object.keys(error).filter((k) => !OWN_SKIP.has(k));
    if (keys.length === 0) return undefined;
    const picked: Record<string, unknown> = {};
    for (const k of keys.slice(0, 50)) setOwn(picked, k, safeGet(error, k));
    return clean(picked);
  } catch {
    return undefined;
  }
}

const CRUMB_TEXTS = ['message', 'category', 'type'] as const;

function scrubCrumb(crumb: Breadcrumb, scrubber: Scrubber, clean: Clean): Breadcrumb {
  const out: Breadcrumb = { ...crumb };
  for (const k of CRUMB_TEXTS) if (out[k]) out[k] = scrubber.text(out[k]!);
  if (out.data) {
    const data = clean<Record<string, unknown>>(out.data, { depth: 3, breadth: 50, stringLength: 1024 });
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

/** The event without its exception or message; the thrown value's own data, given `info`, draws on the budget right after the request. */
function base(ctx: BuildContext, level: Level, error?: unknown, info?: ErrorInfo): Event {
  const { scope, scrubber } = ctx;
  const budget: ValueBudget = { left: EVENT_VALUE_BUDGET };
  // Normalised and scrubbed in one walk, every part drawing on the event's one budget.
  const clean: Clean = <T>(value: unknown, limits?: NormalizeLimits): T => normalize(value, limits, scrubber, budget) as T;
  const tags = normalizeStrings(scope.tags, scrubber);
  const user = scope.user ? clean<Event['user']>(scope.user) : undefined;
  const request = requestOf(scope, scrubber, clean);
  const data = info && thrownData(error, info, clean);
  const contexts = clean<Plain>(scope.contexts);
  const event: Event = {
    id: ctx.id,
    timestamp: isoTime(ctx.now),
    level,
    environment: ctx.environment,
    fingerprint: ctx.fingerprint,
    exceptions: [],
    tags,
    // A budget spent before the contexts leaves them a marker, not an object.
    contexts: contexts !== null && typeof contexts === 'object' && !Array.isArray(contexts) ? (contexts as Event['contexts']) : {},
    breadcrumbs: scope.breadcrumbs().map((c) => scrubCrumb(c, scrubber, clean)),
    sdk: ctx.sdk,
    platform: ctx.platform,
    occurrences: ctx.occurrences,
  };
  if (ctx.release) event.release = ctx.release;
  if (user) event.user = user;
  if (request) event.request = request;
  if (data) event.contexts[info.isError ? 'error_data' : 'thrown_value'] = data;
  return event;
}

/** The scope's request, scrubbed; one the app set that cannot be read (no url, throwing headers) is left out, not the event. */
function requestOf(scope: Scope, scrubber: Scrubber, clean: Clean): Event['request'] {
  try {
    const r = scope.request;
    if (!r) return undefined;
    const request: NonNullable<Event['request']> = {
      method: textOf(r.method ?? 'GET').slice(0, 32),
      url: scrubber.url(clipUrl(textOf(r.url ?? ''))),
      headers: normalizeStrings(r.headers, scrubber),
    };
    if (r.query !== undefined) request.query = typeof r.query === 'string' ? scrubber.url(clipUrl('?' + r.query)).slice(1) : clean(r.query);
    if (r.data !== undefined) request.data = clean(r.data);
    return request;
  } catch {
    return undefined;
  }
}

/** Longest request URL (or query string) kept: scrubbing reads all of it, and the event's size limit would cut it anyway. */
const MAX_URL = 16 * 1024;

/** A URL cut before it is scrubbed, never inside a percent-escape (a nested parameter cut there could not be decoded and looked into). */
function clipUrl(url: string): string {
  if (url.length <= MAX_URL) return url;
  const cut = url.slice(0, MAX_URL);
  const escape = cut.lastIndexOf('%');
  return escape >= cut.length - 2 ? cut.slice(0, escape) : cut;
}

/** Flat string records (tags, headers), scrubbed: at most `DEFAULT_LIMITS.breadth` entries, names clipped, so a million tags cost what a hundred do. */
function normalizeStrings(record: Record<string, unknown> | undefined, scrubber: Scrubber): Record<string, string> {
  const out: Record<string, string> = {};
  if (!record) return out;
  const keys = Object.keys(record);
  const n = Math.min(keys.length, DEFAULT_LIMITS.breadth);
  for (let i = 0; i < n; i++) {
    const key = keys[i];
    const v = record[key];
    const s = typeof v === 'string' ? v : Array.isArray(v) ? textOf(v, scrubber) : String(normalize(v, { depth: 1, breadth: 10, stringLength: 200 }));
    // Keys as text too, as in every other object: a card number or a token used as a tag name is as secret.
    setOwn(out, scrubber.text(key.slice(0, MAX_KEY)), scrubber.isSecretKey(key) && s !== '' ? FILTERED : scrubber.text(s.slice(0, 1024)));
  }
  if (keys.length > n) out['…'] = `${keys.length - n} more keys`;
  return out;
}

/** Any thrown value → the transport-neutral event. Runs only for events that passed the cheap decisions. */
export function buildExceptionEvent(error: unknown, info: ErrorInfo, hint: CaptureHint | undefined, ctx: BuildContext): Event {
  // Encoders index tables by level: an unknown one (a typo, a number) becomes 'error' instead of breaking them.
  const event = base(ctx, LEVELS.has(hint?.level as Level) ? (hint?.level as Level) : 'error', error, info);
  const mechanism = mechanismOf(hint);
  mechanism.type = ctx.scrubber.text(mechanism.type);
  event.exceptions = exceptionsOf(error, info, mechanism, ctx);
  return event;
}

export function buildMessageEvent(message: string, level: Level, ctx: BuildContext): Event {
  const event = base(ctx, LEVELS.has(level) ? level : 'info');
  event.message = ctx.scrubber.text(message);
  return event;
}
