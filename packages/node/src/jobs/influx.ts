import type { FetchLike, Logger, Options, Transport, TransportStats } from '@bugmastery/core';
import { DEFAULT_DELIVERY, createDeliverer, onceLogger } from '@bugmastery/core/internal';
import { encodePoint } from './line-protocol';
import type { MetricSink, MetricTags } from './types';

export interface InfluxSinkOptions {
  /** Base URL of the server, e.g. http://127.0.0.1:8086 */
  url: string;
  /** InfluxDB 1.x: the database (`/write?db=`). */
  database?: string;
  /** InfluxDB 1.x: retention policy. */
  retentionPolicy?: string;
  /** InfluxDB 1.x: basic auth. */
  username?: string;
  password?: string;
  /** InfluxDB 2.x / 3.x / Cloud: organisation and bucket (`/api/v2/write`). */
  org?: string;
  bucket?: string;
  /** Sent as `Authorization: Token <token>` (2.x, and 1.8+ with auth). */
  token?: string;
  /** Prepended to every measurement with a dot. */
  prefix?: string;
  /** Added to every point. */
  tags?: MetricTags;
  /** Points per request. Default 1000. */
  maxBatch?: number;
  /** Buffered points go out at least this often. Default 1000. */
  flushIntervalMs?: number;
  /** Most points buffered or in flight; beyond it new points are dropped (counted). Default 10000. */
  maxQueue?: number;
  /** Retries, backoff and timeout of core's delivery layer. */
  delivery?: Options['delivery'];
  fetch?: FetchLike;
  logger?: Logger;
  name?: string;
  /** Wall clock (ms since the epoch) that timestamps points. Default `Date.now`; tests and backfills inject one. */
  now?: () => number;
}

export interface InfluxSink extends MetricSink {
  gauge(name: string, value: number, tags?: MetricTags): void;
  flush(): Promise<void>;
  close(): Promise<void>;
  /** Counted in points: `sent`, `failed`, `retried` (requests) from the delivery layer, plus points `dropped` here. */
  stats(): TransportStats & { dropped: number };
}

/** The Authorization header for a token (2.x, 1.8+) or 1.x basic auth; shared by the sink and influxBaseline. */
export function influxAuth(options: { token?: string; username?: string; password?: string }): Record<string, string> {
  if (options.token) return { authorization: `Token ${options.token}` };
  if (options.username !== undefined) return { authorization: `Basic ${Buffer.from(`${options.username}:${options.password ?? ''}`).toString('base64')}` };
  return {};
}

/** The write endpoint and headers for the server generation the options describe. */
function writeTarget(options: InfluxSinkOptions): { url: string; headers: Record<string, string> } {
  let base: URL;
  try {
    base = new URL(options.url);
  } catch {
    throw new TypeError(`[bugmastery] influxSink: option "url" must be an absolute URL, got "${String(options?.url)}"`);
  }
  const root = base.toString().replace(/\/+$/, '');
  const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8', ...influxAuth(options) };
  if (options.bucket) {
    if (!options.org && !options.token) throw new TypeError('[bugmastery] influxSink: InfluxDB 2.x needs "org" (and usually "token") with "bucket"');
    const q = new URLSearchParams({ bucket: options.bucket, precision: 'ns' });
    if (options.org) q.set('org', options.org);
    return { url: `${root}/api/v2/write?${q}`, headers };
  }
  if (!options.database) throw new TypeError('[bugmastery] influxSink: give "database" (InfluxDB 1.x) or "org" and "bucket" (2.x)');
  const q = new URLSearchParams({ db: options.database, precision: 'ns' });
  if (options.retentionPolicy) q.set('rp', options.retentionPolicy);
  return { url: `${root}/write?${q}`, headers };
}

/**
 * InfluxDB line protocol over HTTP. Lines are batched here; sending goes through core's one
 * delivery layer (timeout, retries with backoff, 429/Retry-After, circuit breaker).
 */
export function influxSink(options: InfluxSinkOptions): InfluxSink {
  const target = writeTarget(options);
  const prefix = options.prefix ? `${options.prefix.replace(/\.+$/, '')}.` : '';
  const maxBatch = Math.max(1, options.maxBatch ?? 1000);
  const maxQueue = Math.max(maxBatch, options.maxQueue ?? 10_000);
  const flushIntervalMs = Math.max(1, options.flushIntervalMs ?? 1000);
  const clock = typeof options.now === 'function' ? options.now : Date.now;

  // Line-protocol lines go through the same delivery layer as events: retries, backoff, 429.
  const transport: Transport<string> = {
    name: options.name ?? 'influx',
    fetch: options.fetch,
    encode(lines) {
      return { url: target.url, headers: target.headers, body: lines.join('\n') };
    },
  };
  const deliverer = createDeliverer<string>(transport, { ...DEFAULT_DELIVERY, ...options.delivery }, { logger: onceLogger(options.logger) });

  let buffer: string[] = [];
  let pending = 0;
  let dropped = 0;
  let lastMs = 0;
  let sequence = 0;
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const inflight = new Set<Promise<unknown>>();

  const drain = (): void => {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    while (buffer.length > 0) {
      const batch = buffer.slice(0, maxBatch);
      buffer = buffer.slice(maxBatch);
      const p = deliverer.deliver(batch).finally(() => {
        pending -= batch.length;
        inflight.delete(p);
      });
      inflight.add(p);
    }
  };

  const record = (name: string, value: number, tags: MetricTags | undefined): void => {
    try {
      if (closed || pending >= maxQueue) {
        dropped++;
        return;
      }
      const now = clock();
      if (now !== lastMs) {
        lastMs = now;
        sequence = 0;
      }
      const line = encodePoint({
        measurement: prefix + name,
        tags: options.tags ? { ...options.tags, ...tags } : tags,
        // Always a float: one field type per measurement, whatever the caller passes.
        fields: { value },
        timestampMs: now,
        sequence: sequence++,
      });
      if (line === undefined) return;
      buffer.push(line);
      pending++;
      if (buffer.length >= maxBatch) drain();
      else if (timer === undefined) {
        timer = setTimeout(drain, flushIntervalMs);
        (timer as { unref?: () => void }).unref?.();
      }
    } catch {
      dropped++;
    }
  };

  const flush = async (): Promise<void> => {
    drain();
    // Deliveries settle in order; loop in case a flush races a drain.
    for (let i = 0; i < 100 && inflight.size > 0; i++) await Promise.allSettled([...inflight]);
  };

  return {
    timing: (name, ms, tags) => record(name, ms, tags),
    increment: (name, n = 1, tags) => record(name, n, tags),
    gauge: (name, value, tags) => record(name, value, tags),
    flush,
    async close() {
      await flush();
      closed = true;
      deliverer.close();
    },
    stats: () => ({ ...deliverer.stats, dropped }),
  };
}
