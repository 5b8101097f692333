import type { Scope } from './scope';

/** The one transport-neutral event model. Transports encode it; nothing else shapes it. */

export type Level = 'fatal' | 'error' | 'warning' | 'info' | 'debug';

export interface Frame {
  file?: string;
  function?: string;
  line?: number;
  column?: number;
  inApp: boolean;
  context?: { pre: string[]; line: string; post: string[] };
}

export interface Mechanism {
  type: string;
  handled: boolean;
}

export interface ExceptionInfo {
  type: string;
  message: string;
  /** Innermost (throwing) frame LAST, as Sentry orders them. */
  frames: Frame[];
  mechanism: Mechanism;
}

export interface User {
  id?: string;
  email?: string;
  username?: string;
  ip?: string;
  [key: string]: unknown;
}

export interface Breadcrumb {
  timestamp: string;
  type: string;
  category?: string;
  message?: string;
  data?: Record<string, unknown>;
  level: Level;
}

export interface BreadcrumbInput {
  type?: string;
  category?: string;
  message?: string;
  data?: Record<string, unknown>;
  level?: Level;
  timestamp?: string | number | Date;
}

export interface RequestInfo {
  method: string;
  url: string;
  headers: Record<string, string>;
  query?: Record<string, unknown> | string;
  data?: unknown;
}

export interface Event {
  /** 32 lowercase hex. Doubles as the idempotency key for retries. */
  id: string;
  /** ISO 8601 */
  timestamp: string;
  level: Level;
  environment: string;
  release?: string;
  /** Lowercase hex; stable for the same bug. */
  fingerprint: string;
  /** Outermost first, then each `cause`. */
  exceptions: ExceptionInfo[];
  message?: string;
  tags: Record<string, string>;
  user?: User;
  contexts: Record<string, Record<string, unknown>>;
  breadcrumbs: Breadcrumb[];
  request?: RequestInfo;
  sdk: { name: string; version: string };
  platform: string;
  /** How often this client has seen this fingerprint, this event included (drops included). */
  occurrences: number;
  /** Set when size limits forced parts of the event out, in the order they were cut. */
  trimmed?: string[];
  serverName?: string;
}

export interface CaptureHint {
  tags?: Record<string, string>;
  contexts?: Record<string, Record<string, unknown> | null>;
  user?: User | null;
  level?: Level;
  handled?: boolean;
  mechanism?: string | Partial<Mechanism>;
  fingerprint?: string | string[];
  request?: RequestInfo;
  /** The original thrown value, for beforeSend. Filled by the client. */
  originalException?: unknown;
}

// ─── Transports ────────────────────────────────────────────────────────────────

/**
 * A request body. Bytes are `Uint8Array<ArrayBuffer>`: the standard `fetch` takes no other kind
 * (TypeScript ≥ 5.7 tells a SharedArrayBuffer-backed array apart), so `fetch: globalThis.fetch`
 * type-checks as it is.
 */
export type RequestBody = string | Uint8Array<ArrayBuffer>;

/** What transports call to send; the standard `fetch` (browsers, Node ≥ 20, undici) is one as it is. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: RequestBody; keepalive?: boolean; signal?: AbortSignal },
) => Promise<{ status: number; headers: { get(name: string): string | null }; text?(): Promise<string> }>;

/** One HTTP request a transport wants sent. The delivery layer sends it. */
export interface TransportRequest {
  url: string;
  headers: Record<string, string>;
  body: RequestBody;
}

export interface TransportResponse {
  status: number;
  headers: { get(name: string): string | null };
}

/**
 * A transport is an encoder from events to a wire format plus a few facts about its service.
 * Queueing, retries, backoff, timeouts and accounting live once, in the delivery layer.
 */
export interface Transport<Item = Event> {
  readonly name: string;
  /** Most events one request may carry (Sentry, Slack, PagerDuty: 1). Default: whole batch. */
  readonly maxBatch?: number;
  /** The fetch to use (tests, custom agents). Default: globalThis.fetch. */
  readonly fetch?: FetchLike;
  /** Largest request body the service takes (Bugsnag: 1 MB): a bigger batch is re-encoded as two halves. */
  readonly maxRequestBytes?: number;
  /** Local transports (console) write directly instead of encoding a request. */
  write?(events: Item[]): void | Promise<void>;
  /**
   * Encode events into one request; return null when the transport's policy declines them
   * (Slack snooze, PagerDuty below minLevel) — counted as `filtered`, never retried.
   */
  encode?(events: Item[]): TransportRequest | null | Promise<TransportRequest | null>;
  /**
   * Service-specific rate-limit signal (e.g. X-Sentry-Rate-Limits) → milliseconds to pause.
   * Undefined means "use the generic 429 + Retry-After rule".
   */
  rateLimitMs?(response: TransportResponse, now: number): number | undefined;
  /** Told how each chunk ended (Slack keeps an alert it could not post owed, so the next occurrence posts it). */
  onOutcome?(events: Item[], outcome: 'sent' | 'failed' | 'backoff' | 'persisted' | 'filtered'): void;
  /** Called once by the client that uses this transport, before anything else. */
  setup?(context: TransportContext): void;
  /**
   * Told, every few seconds and at flush() and close(), each fingerprint's running count in this
   * client (captures dropped by dedupe and rate limits included) for those seen since the last
   * call: fleet-wide counters stay exact without a round trip per capture. May return items to
   * deliver through this transport alone (a threshold reached by occurrences that were dropped).
   */
  onOccurrences?(counts: OccurrenceCount[]): Item[] | void | Promise<Item[] | void>;
  /** Figures of the transport's own added to its stats (e.g. `storeErrors`). */
  figures?(): Partial<TransportStats>;
  /** Called by client.close() after the last flush: release what the transport holds (connections). */
  close?(): void | Promise<void>;
}

export interface TransportContext {
  logger: Logger;
}

export interface OccurrenceCount {
  fingerprint: string;
  /** How many times this client has seen the fingerprint so far, dropped captures included. */
  occurrences: number;
}

// ─── Client ──────────────────────────────────────────────────────────────────

export interface Logger {
  warn(msg: string): void;
  error(msg: string): void;
}

export interface RateLimitRule {
  max: number;
  intervalMs: number;
}

export interface Options {
  release?: string;
  /** Defaults to NODE_ENV, else 'production'. */
  environment?: string;
  /** An array, or a record looked up by environment once at init; a record entry may be a function, called only for its environment. */
  transports?: Transport[] | Record<string, Transport[] | (() => Transport[])>;
  sampleRate?: number;
  ignoreErrors?: (string | RegExp)[];
  beforeSend?: (event: Event, hint: CaptureHint) => Event | null | undefined | Promise<Event | null | undefined>;
  /** Longest a beforeSend promise may take before the event is dropped as `beforeSend`. Default 5000. */
  beforeSendTimeoutMs?: number;
  fingerprint?: (event: Event) => string | string[] | undefined;
  scrub?: { keys?: (string | RegExp)[] };
  /** When false (default), e-mail addresses, bearer tokens and IPs in messages are masked. */
  sendDefaultPii?: boolean;
  rateLimit?: { perFingerprint?: RateLimitRule; global?: RateLimitRule };
  dedupeWindowMs?: number;
  batch?: { maxEvents?: number; maxDelayMs?: number; maxQueue?: number };
  delivery?: {
    timeoutMs?: number;
    maxRetries?: number;
    baseDelayMs?: number;
    maxDelayMs?: number;
    /** Consecutive failed requests after which a transport rests for `breakerCooldownMs` (default 5). */
    breakerThreshold?: number;
    breakerCooldownMs?: number;
  };
  maxBreadcrumbs?: number;
  inAppInclude?: (string | RegExp)[];
  inAppExclude?: (string | RegExp)[];
  /** Snooze thresholds: fingerprint occurrence counts that always pass dedupe and rate limits. */
  notifyAt?: number[];
  /** How often running counts go to transports that keep shared counts (Slack, PagerDuty with a counter). Default 3000. */
  occurrenceReportMs?: number;
  logger?: Logger;
  /** Runtime hooks supplied by @bugmastery/node and @bugmastery/browser. */
  platform?: Platform;
}

/** What a runtime hands to core: symbolication, context, scope storage and persistence, so core stays free of DOM and Node. */
export interface Platform {
  /** Event `platform` field: 'node' | 'javascript'. */
  name: string;
  sdk?: { name: string; version: string };
  /** Default fetch for transports (the browser adds keepalive). */
  fetch?: FetchLike;
  /**
   * A file's path relative to the app's root directory (Node: its package root, every spelling of
   * it), undefined when the file is not below it: file identities in fingerprints then stay the same
   * across deploy folders and hosts. Node builds it with core's `appRootPaths`.
   */
  relativePath?(path: string): string | undefined;
  /** Synchronous symbolication (source maps) of the frames of Error objects (never of plain data's `stack`); used for the event AND the fingerprint. */
  mapFrames?(frames: Frame[]): Frame[];
  /** Enrich a built event (runtime contexts, source context lines). May be async. */
  enrich?(event: Event, error: unknown): void | Promise<void>;
  /**
   * For a runtime that adds source lines around frames (`Frame.context`, from `mapFrames` or
   * `enrich`): core's `contextLineScrubber` (from `@bugmastery/core/internal`), which core runs on
   * every event after `enrich`. Without it core removes every frame's context unread, so nothing
   * unscrubbed goes out (and a runtime without context lines, the browser, does not ship the scrubber).
   */
  scrubContextLines?(text: (value: string) => string): (event: Event) => void;
  /** The async-local scope (AsyncLocalStorage in Node), when one is active. */
  currentScope?(): Scope | undefined;
  /** Runs fn with `scope` as the async-local scope. */
  runWithScope?<T>(scope: Scope, fn: () => T): T;
  /** Undelivered events for one transport; return true when they were kept for a later retry. */
  persist?(transport: string, events: Event[]): boolean;
  /** Runtime drop rule on the raw error (browser: cross-origin "Script error.", denied URLs), counted as `ignored`. */
  ignore?(type: string, message: string, stack: string | undefined): boolean;
  /** Largest request body the runtime can send reliably (browser keepalive: 64 KB); bigger batches are split. */
  maxRequestBytes?: number;
  /**
   * The runtime's own options: their names (so they are not reported as unknown) and what was
   * wrong with them, told in the same one warning as core's.
   */
  options?: { names: readonly string[]; problems: readonly string[] };
  /**
   * Called once by createClient with a switch the runtime flips while it may be stopped without
   * notice (browser: page hidden or being left). Suspended, the client sends what it queues at once,
   * and no retry waits out a backoff: each waiting batch is kept (`persist`) or tried right away.
   */
  onSuspend?(suspend: (suspended: boolean) => void): void;
}

export type DropReason =
  | 'sampled'
  | 'ignored'
  | 'beforeSend'
  | 'deduped'
  | 'rateLimited'
  | 'queueFull'
  | 'transportFailed'
  | 'backoff'
  | 'filtered'
  | 'noTransport'
  | 'closed'
  | 'internalError';

export interface TransportStats {
  sent: number;
  failed: number;
  retried: number;
  requests: number;
  filtered: number;
  persisted: number;
  /** Calls to a shared bug store (e.g. Redis) that failed or timed out; the transport counted in-process instead. */
  storeErrors?: number;
}

export interface Stats {
  captured: number;
  delivered: number;
  persisted: number;
  pending: number;
  dropped: Record<DropReason, number>;
  transports: Record<string, TransportStats>;
}
