import type { Event, FetchLike, Logger, Transport, TransportRequest, TransportResponse, TransportStats } from '../types';
import { backoffDelay, parseRetryAfter } from './retry-after';

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

type Attempt = { kind: 'ok' } | { kind: 'retry'; why: string; retryAfterMs?: number } | { kind: 'fail'; why: string } | { kind: 'pause'; ms: number };

/**
 * The one delivery layer: every transport's requests go through here — timeout, retry with
 * backoff and jitter, 429/Retry-After and service rate-limit pauses, a circuit breaker, and
 * per-event outcomes for the client's accounting. Chunks for one transport go out one at a
 * time, so a slow service holds only its own queue.
 */
export class Deliverer<Item = Event> {
  readonly stats: TransportStats = emptyTransportStats();
  private pausedUntil = 0;
  private consecutiveFailures = 0;
  private breakerOpenUntil = 0;
  private chain: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    readonly transport: Transport<Item>,
    private readonly options: DeliveryOptions,
    private readonly deps: DelivererDeps<Item>,
  ) {
    this.now = deps.now ?? Date.now;
    this.sleep = deps.sleep ?? ((ms) => this.wakeableSleep(ms));
  }

  /** Resolves with one outcome per event, in order. Never rejects. */
  deliver(events: Item[]): Promise<Outcome[]> {
    const run = this.chain.then(() => this.deliverNow(events)).catch((err: unknown) => {
      this.deps.logger.error(`[bugmastery] transport ${this.transport.name}: ${describe(err)}`);
      return events.map((): Outcome => 'failed');
    });
    this.chain = run;
    return run;
  }

  /** Stop retrying; what is still waiting fails fast (and is persisted where the runtime can). */
  close(): void {
    this.closed = true;
    for (const wake of [...this.sleepers]) wake();
  }

  /** A backoff sleep that close() cuts short, so a closing process can persist instead of waiting. */
  private readonly sleepers = new Set<() => void>();
  private wakeableSleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }

  private async deliverNow(events: Item[]): Promise<Outcome[]> {
    const size = Math.max(1, this.transport.maxBatch ?? events.length);
    const outcomes: Outcome[] = [];
    for (let i = 0; i < events.length; i += size) await this.deliverPart(events.slice(i, i + size), outcomes);
    return outcomes;
  }

  private async deliverPart(chunk: Item[], outcomes: Outcome[]): Promise<void> {
    const outcome = await this.deliverChunk(chunk);
    if (outcome === 'split') {
      const half = chunk.length >> 1;
      await this.deliverPart(chunk.slice(0, half), outcomes);
      await this.deliverPart(chunk.slice(half), outcomes);
      return;
    }
    this.account(outcome, chunk);
    for (let j = 0; j < chunk.length; j++) outcomes.push(outcome);
  }

  private account(outcome: Outcome, chunk: Item[]): Outcome {
    const n = chunk.length;
    if (outcome === 'sent') this.stats.sent += n;
    else if (outcome === 'filtered') this.stats.filtered += n;
    else if (outcome === 'persisted') this.stats.persisted += n;
    else this.stats.failed += n;
    return outcome;
  }

  private keepForLater(chunk: Item[], outcome: 'failed' | 'backoff'): Outcome {
    try {
      if (this.deps.persist?.(this.transport.name, chunk)) return 'persisted';
    } catch (err) {
      this.deps.logger.error(`[bugmastery] could not persist events: ${describe(err)}`);
    }
    return outcome;
  }

  private async deliverChunk(chunk: Item[]): Promise<Outcome | 'split'> {
    const t = this.transport;
    if (t.write) {
      try {
        await t.write(chunk);
        return 'sent';
      } catch (err) {
        this.deps.logger.error(`[bugmastery] transport ${t.name} failed to write: ${describe(err)}`);
        return 'failed';
      }
    }
    // Closed: what is still waiting is kept (disk queue) rather than sent late or lost.
    if (this.closed) return this.keepForLater(chunk, 'failed');
    if (this.now() < this.pausedUntil) return this.keepForLater(chunk, 'backoff');
    if (this.now() < this.breakerOpenUntil) return this.keepForLater(chunk, 'failed');
    let request: TransportRequest | null;
    try {
      request = t.encode ? await t.encode(chunk) : null;
    } catch (err) {
      this.deps.logger.error(`[bugmastery] transport ${t.name} could not encode events: ${describe(err)}`);
      return 'failed';
    }
    if (request === null) return 'filtered';
    const max = this.deps.maxRequestBytes;
    if (max && chunk.length > 1 && bodyBytes(request.body, max) > max) return 'split';
    return this.send(request, chunk);
  }

  private async send(request: TransportRequest, chunk: Item[]): Promise<Outcome> {
    for (let attempt = 0; ; attempt++) {
      const result = await this.attempt(request);
      if (result.kind === 'ok') {
        this.consecutiveFailures = 0;
        return 'sent';
      }
      if (result.kind === 'pause') {
        this.pausedUntil = Math.max(this.pausedUntil, this.now() + result.ms);
        this.deps.logger.warn(`[bugmastery] ${this.transport.name} is rate limited; pausing ${Math.round(result.ms / 1000)} s`);
        return this.keepForLater(chunk, 'backoff');
      }
      const canRetry = result.kind === 'retry' && attempt < this.options.maxRetries && !this.closed;
      if (!canRetry) {
        this.deps.logger.warn(`[bugmastery] ${this.transport.name} did not take ${chunk.length} event(s): ${result.why}`);
        if (result.kind === 'retry' && ++this.consecutiveFailures >= this.options.breakerThreshold) {
          this.breakerOpenUntil = this.now() + this.options.breakerCooldownMs;
          this.consecutiveFailures = 0;
        }
        return result.kind === 'retry' ? this.keepForLater(chunk, 'failed') : 'failed';
      }
      this.stats.retried++;
      const wait = result.retryAfterMs ?? backoffDelay(attempt, this.options.baseDelayMs, this.options.maxDelayMs);
      await this.sleep(Math.min(wait, this.options.maxDelayMs));
      if (this.closed) return this.keepForLater(chunk, 'failed');
    }
  }

  private async attempt(request: TransportRequest): Promise<Attempt> {
    const fetchFn = this.transport.fetch ?? this.deps.fetch ?? (globalThis.fetch as unknown as FetchLike | undefined);
    if (!fetchFn) return { kind: 'fail', why: 'no fetch available in this runtime' };
    this.stats.requests++;
    const controller = typeof AbortController === 'function' ? new AbortController() : undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let response: TransportResponse & { text?(): Promise<string> };
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          controller?.abort();
          reject(new Error(`timed out after ${this.options.timeoutMs} ms`));
        }, this.options.timeoutMs);
      });
      response = await Promise.race([
        fetchFn(request.url, { method: 'POST', headers: request.headers, body: request.body, signal: controller?.signal }),
        timeout,
      ]);
      // Drain the body so keep-alive connections are reused, within the same timeout.
      if (response.text) await Promise.race([response.text().catch(() => ''), timeout]);
    } catch (err) {
      return { kind: 'retry', why: describe(err) };
    } finally {
      if (timer !== undefined) clearTimeout(timer);
    }
    return this.judge(response);
  }

  private judge(response: TransportResponse): Attempt {
    const now = this.now();
    let pauseMs: number | undefined;
    try {
      pauseMs = this.transport.rateLimitMs?.(response, now);
    } catch {
      pauseMs = undefined;
    }
    const { status } = response;
    if (status >= 200 && status < 300) {
      if (pauseMs && pauseMs > 0) this.pausedUntil = Math.max(this.pausedUntil, now + pauseMs);
      return { kind: 'ok' };
    }
    if (status === 429) {
      return { kind: 'pause', ms: pauseMs ?? parseRetryAfter(response.headers.get('retry-after'), now) ?? DEFAULT_RATE_LIMIT_MS };
    }
    if (pauseMs && pauseMs > 0) return { kind: 'pause', ms: pauseMs };
    if (status >= 500 || status === 408) {
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'), now);
      return { kind: 'retry', why: `HTTP ${status}`, retryAfterMs: retryAfter };
    }
    return { kind: 'fail', why: `HTTP ${status} (not retried)` };
  }
}

/** UTF-8 size, encoding only when the UTF-16 length cannot decide against `max`. */
function bodyBytes(body: string | Uint8Array, max: number): number {
  if (typeof body !== 'string') return body.length;
  return body.length > max || body.length * 3 <= max ? body.length : new TextEncoder().encode(body).length;
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
