import type { Event, FetchLike, Logger, Transport, TransportRequest, TransportResponse, TransportStats } from '../types';
import { utf8Length } from '../text';
import { backoffDelay, parseRetryAfter } from './retry-after';
import { clampDelay } from '../timer';

/** What happened to one event at one transport. */
export type Outcome = 'sent' | 'filtered' | 'failed' | 'backoff' | 'persisted';

export interface DeliveryOptions {
  timeoutMs: number;
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** After this many consecutive failed requests the transport rests for `breakerCooldownMs`. */
  breakerThreshold: number;
  breakerCooldownMs: number;
}

export const DEFAULT_DELIVERY: DeliveryOptions = {
  timeoutMs: 10_000,
  maxRetries: 3,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  breakerThreshold: 5,
  breakerCooldownMs: 30_000,
};

/** 429 without Retry-After: Sentry's documented default pause. */
const DEFAULT_RATE_LIMIT_MS = 60_000;

export interface DelivererDeps<Item = Event> {
  fetch?: FetchLike;
  logger: Logger;
  persist?: (transport: string, items: Item[]) => boolean;
  /** A request body above this many bytes is re-encoded as two halves (browser keepalive caps bodies at 64 KB). */
  maxRequestBytes?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export function emptyTransportStats(): TransportStats {
  return { sent: 0, failed: 0, retried: 0, requests: 0, filtered: 0, persisted: 0 };
}

/** Why a request did not go through, and what the service asked for: a pause (429, rate-limit headers), a retry (5xx, 408, network), or smaller requests (413). */
type Failure = { why: string; retry?: boolean; retryAfterMs?: number; pauseMs?: number; tooLarge?: boolean };

export interface Deliverer<Item = Event> {
  readonly transport: Transport<Item>;
  readonly stats: TransportStats;
  /** Resolves with one outcome per event, in order. Never rejects. */
  deliver(events: Item[]): Promise<Outcome[]>;
  /** Stop retrying; what is still waiting fails fast (and is persisted where the runtime can). */
  close(): void;
  /**
   * The runtime may be stopped without notice (a hidden page) until `suspend(false)`: nothing waits
   * out a backoff meanwhile. A chunk due for a retry, and, while the service's last answer was a
   * failure, every chunk after it, is kept (persist) rather than sent blind; where nothing can keep
   * it, the retry goes at once.
   */
  suspend(suspended: boolean): void;
}

/**
 * The one delivery layer: every transport's requests go through here — timeout, retry with
 * backoff and jitter, 429/Retry-After and service rate-limit pauses, a circuit breaker, and
 * per-event outcomes for the client's accounting. Chunks for one transport go out one at a
 * time, so a slow service holds only its own queue. (A closure, not a class: its state
 * minifies to one-letter names in the browser bundle.)
 */
export function createDeliverer<Item = Event>(transport: Transport<Item>, options: DeliveryOptions, deps: DelivererDeps<Item>): Deliverer<Item> {
  const stats = emptyTransportStats();
  const name = transport.name;
  const now = deps.now ?? Date.now;
  const log = (level: 'warn' | 'error', what: string, err?: unknown): void =>
    deps.logger[level](`[bugmastery] ${name}: ${what}${err === undefined ? '' : `: ${describe(err)}`}`);
  let pausedUntil = 0;
  let consecutiveFailures = 0;
  let breakerOpenUntil = 0;
  let chain: Promise<unknown> = Promise.resolve();
  let closed = false;
  let suspended = false;
  /** The service's last answer was a failure: while suspended, later chunks are kept instead of sent blind. */
  let lastFailed = false;

  /** A backoff sleep that close() cuts short, so a closing process can persist instead of waiting. */
  const sleepers = new Set<() => void>();
  const sleep =
    deps.sleep ??
    ((ms: number) =>
      new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          sleepers.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, clampDelay(ms));
        sleepers.add(wake);
      }));

  const pause = (ms: number): void => {
    pausedUntil = Math.max(pausedUntil, now() + ms);
  };

  /** Persisted where the runtime can keep events; otherwise `outcome`. */
  const keepForLater = (chunk: Item[], outcome: 'failed' | 'backoff' = 'failed'): Outcome => {
    try {
      if (deps.persist?.(name, chunk)) return 'persisted';
    } catch (err) {
      log('error', 'could not persist events', err);
    }
    return outcome;
  };

  /** Undefined when the service took the request. `response` is already normalised (see `readResponse`). */
  const judge = (response: TransportResponse): Failure | undefined => {
    const t = now();
    let pauseMs: number | undefined;
    try {
      pauseMs = transport.rateLimitMs?.(response, t);
    } catch {
      /* a rate-limit reader that throws asks for no pause */
    }
    const { status } = response;
    const why = `HTTP ${status}`;
    const retryAfter = (): number | undefined => parseRetryAfter(response.headers.get('retry-after'), t);
    if (status >= 200 && status < 300) {
      if (pauseMs! > 0) pause(pauseMs!);
      return undefined;
    }
    if (status === 429) return { why, pauseMs: pauseMs ?? retryAfter() ?? DEFAULT_RATE_LIMIT_MS };
    if (pauseMs! > 0) return { why, pauseMs };
    if (status >= 500 || status === 408) return { why, retry: true, retryAfterMs: retryAfter() };
    return { why: `${why} (not retried)`, tooLarge: status === 413 };
  };

  /** Cuts every request still in flight short: close() must not wait out their timeouts (a dying process keeps them on disk instead). */
  const cutters = new Set<() => void>();

  /** `work` raced against the request timeout (and close()): a fetch, encode or write that never settles must not hold this queue. */
  const inTime = <T>(work: () => T | Promise<T>, onTimeout?: () => void): Promise<T> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cut!: () => void;
    const timeout = new Promise<never>((_, reject) => {
      const stop = (why: string) => () => {
        onTimeout?.();
        reject(new Error(why));
      };
      cut = stop('closing');
      timer = setTimeout(stop(`timeout (${options.timeoutMs} ms)`), clampDelay(options.timeoutMs));
    });
    cutters.add(cut);
    return Promise.race([new Promise<T>((resolve) => resolve(work())), timeout]).finally(() => {
      clearTimeout(timer);
      cutters.delete(cut);
    });
  };

  const attempt = async (request: TransportRequest): Promise<Failure | undefined> => {
    const fetchFn = transport.fetch ?? deps.fetch ?? (globalThis.fetch as unknown as FetchLike | undefined);
    if (!fetchFn) return { why: 'no fetch in this runtime' };
    stats.requests++;
    const controller = typeof AbortController === 'function' ? new AbortController() : undefined;
    let response: TransportResponse;
    try {
      response = await inTime(async () => {
        const raw = await fetchFn(request.url, { method: 'POST', headers: request.headers, body: request.body, signal: controller?.signal });
        // Drain the body so keep-alive connections are reused, within the same timeout.
        try {
          await (raw as { text?(): Promise<string> }).text?.();
        } catch {
          /* the status is what counts */
        }
        return readResponse(raw);
      }, () => controller?.abort());
    } catch (err) {
      return { why: describe(err), retry: true };
    }
    return judge(response);
  };

  const keptWhileSuspended = (chunk: Item[]): boolean => suspended && keepForLater(chunk) === 'persisted';

  const send = async (request: TransportRequest, chunk: Item[]): Promise<Outcome | 'split'> => {
    for (let n = 0; ; n++) {
      const failure = await attempt(request);
      lastFailed = !!failure;
      if (!failure) {
        consecutiveFailures = 0;
        return 'sent';
      }
      const { why, retry, pauseMs } = failure;
      // The service says the body is too large: halves may fit (one event alone has nothing left to split).
      if (failure.tooLarge && chunk.length > 1) return 'split';
      if (pauseMs !== undefined) {
        pause(pauseMs);
        log('warn', `rate limited (${why}); pausing ${Math.round(pauseMs / 1000)} s`);
        return keepForLater(chunk, 'backoff');
      }
      if (!retry || n >= options.maxRetries || closed) {
        log('warn', `did not take ${chunk.length} event(s): ${why}`);
        if (retry && ++consecutiveFailures >= options.breakerThreshold) {
          breakerOpenUntil = now() + options.breakerCooldownMs;
          consecutiveFailures = 0;
        }
        return retry ? keepForLater(chunk) : 'failed';
      }
      if (!suspended) await sleep(Math.min(failure.retryAfterMs ?? backoffDelay(n, options.baseDelayMs, options.maxDelayMs), options.maxDelayMs));
      if (closed) return keepForLater(chunk);
      // Suspended, or woken by suspend(): the page may be gone before the backoff would have ended.
      if (keptWhileSuspended(chunk)) return 'persisted';
      stats.retried++;
    }
  };

  const deliverChunk = async (chunk: Item[]): Promise<Outcome | 'split'> => {
    if (transport.write) {
      try {
        await inTime(() => transport.write!(chunk));
        return 'sent';
      } catch (err) {
        log('error', 'failed to write', err);
        return 'failed';
      }
    }
    // Closed: what is still waiting is kept (disk queue) rather than sent late or lost; so is what a pause or the open breaker holds.
    const held = closed ? 'failed' : now() < pausedUntil ? 'backoff' : now() < breakerOpenUntil ? 'failed' : undefined;
    if (held) return keepForLater(chunk, held);
    if (lastFailed && keptWhileSuspended(chunk)) return 'persisted';
    let request: TransportRequest | null;
    try {
      request = transport.encode ? await inTime(() => transport.encode!(chunk)) : null;
    } catch (err) {
      log('error', 'could not encode events', err);
      return 'failed';
    }
    if (request === null) return 'filtered';
    const max = Math.min(deps.maxRequestBytes ?? Infinity, transport.maxRequestBytes ?? Infinity);
    if (max < Infinity && chunk.length > 1 && bodyBytes(request.body, max) > max) return 'split';
    return send(request, chunk);
  };

  const deliverPart = async (chunk: Item[], outcomes: Outcome[]): Promise<void> => {
    let outcome: Outcome | 'split';
    try {
      outcome = await deliverChunk(chunk);
    } catch (err) {
      // Only this chunk fails: outcomes of the chunks before it stand.
      log('error', 'delivery failed', err);
      outcome = 'failed';
    }
    if (outcome === 'split') {
      const half = chunk.length >> 1;
      await deliverPart(chunk.slice(0, half), outcomes);
      await deliverPart(chunk.slice(half), outcomes);
      return;
    }
    stats[outcome === 'backoff' ? 'failed' : outcome] += chunk.length;
    // A loop, not push(...spread): a chunk of a few hundred thousand events would exceed the argument limit.
    for (let j = 0; j < chunk.length; j++) outcomes.push(outcome);
    try {
      transport.onOutcome?.(chunk, outcome);
    } catch (err) {
      log('error', 'onOutcome failed', err);
    }
  };

  return {
    transport,
    stats,
    deliver(events) {
      const run = chain
        .then(async () => {
          const max = transport.maxBatch;
          const size = typeof max === 'number' && max >= 1 ? Math.floor(max) : Math.max(1, events.length);
          const outcomes: Outcome[] = [];
          for (let i = 0; i < events.length; i += size) await deliverPart(events.slice(i, i + size), outcomes);
          return outcomes;
        })
        .catch((err: unknown) => {
          log('error', 'delivery failed', err);
          return events.map((): Outcome => 'failed');
        });
      chain = run;
      return run;
    },
    close() {
      closed = true;
      wakeAll(sleepers);
      wakeAll(cutters);
    },
    suspend(on) {
      suspended = on;
      if (on) wakeAll(sleepers);
    },
  };
}

/** Each waiter removes itself from `waiters` when woken, which Set iteration allows. */
const wakeAll = (waiters: Set<() => void>): void => waiters.forEach((wake) => wake());

/** What a fetch resolved with, as the delivery layer reads it: a numeric status and headers that never throw. */
function readResponse(raw: unknown): TransportResponse {
  const r = raw as { status?: unknown; headers?: TransportResponse['headers'] } | null | undefined;
  const get = (name: string): string | null => {
    try {
      return r!.headers!.get(name) ?? null;
    } catch {
      return null;
    }
  };
  return { status: Number(r?.status) || 0, headers: { get } };
}

/** UTF-8 size, encoding only when the UTF-16 length cannot decide against `max`. */
function bodyBytes(body: string | Uint8Array, max: number): number {
  if (typeof body !== 'string') return body.length;
  return body.length > max || body.length * 3 <= max ? body.length : utf8Length(body);
}

export function describe(err: unknown): string {
  try {
    if (err instanceof Error) {
      const cause = (err as { cause?: unknown }).cause;
      const code = cause && typeof cause === 'object' && 'code' in cause ? ` (${String((cause as { code: unknown }).code)})` : '';
      return `${err.message}${code}`;
    }
    return String(err);
  } catch {
    return 'unknown error';
  }
}
