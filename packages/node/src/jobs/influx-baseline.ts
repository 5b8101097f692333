import type { RateBaseline, RateWindow } from './drop';
import { influxAuth } from './influx';
import { metricName } from './metrics';

export interface InfluxBaselineOptions {
  /** Base URL of the server, e.g. http://127.0.0.1:8086 (InfluxQL `/query`: 1.x, or 2.x with a DBRP mapping). */
  url: string;
  database: string;
  retentionPolicy?: string;
  username?: string;
  password?: string;
  token?: string;
  /** The `prefix` given to influxSink, if any. */
  prefix?: string;
  /**
   * Only points with these tags count. The store must count what this monitor counts: when several
   * processes write `event.<name>` and each runs its own monitor, give the tag that tells them apart
   * (the sink's `tags: { host }`), or one process's window is judged against the whole fleet.
   */
  tags?: Record<string, string>;
  /** How far back the same window is read: `'7d'` (default: same hour, same weekday), `'1d'`, `'90m'`, or ms. */
  lookback?: string | number;
  /** Longest wait for one query. Default 2000. */
  timeoutMs?: number;
  /** For tests. Default the global `fetch`. */
  fetch?: (url: string, init: { headers: Record<string, string>; signal: AbortSignal }) => Promise<{ status: number; json(): Promise<unknown> }>;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
/** Windows remembered; a monitor asks once per window, several monitors of one name share answers. */
const CACHE_SIZE = 256;

/** `'7d'` → ms (also `ms s m h d w`, or a number of ms); undefined when it is not one. */
export function parseDuration(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)\s*$/.exec(String(value));
  if (!match) return undefined;
  const ms = Number(match[1]) * UNITS[match[2]];
  return ms > 0 ? ms : undefined;
}

interface QueryResponse {
  results?: Array<{ error?: string; series?: Array<{ values?: unknown[][] }> }>;
  error?: string;
}

/**
 * The expected count of a window is what `event.<name>` summed to over the same window one
 * `lookback` earlier, read from InfluxDB with one InfluxQL query per window (cached). A window with
 * no points then counts as 0, which never alerts. Failures (timeout, HTTP error, query error)
 * reject: monitorRate then judges on its rolling median and says so once.
 */
export function influxBaseline(options: InfluxBaselineOptions): RateBaseline {
  let base: URL;
  try {
    base = new URL(options?.url);
  } catch {
    throw new TypeError(`[bugmastery] influxBaseline: option "url" must be an absolute URL, got "${String(options?.url)}"`);
  }
  if (!options.database) throw new TypeError('[bugmastery] influxBaseline: option "database" is required');
  const lookbackMs = parseDuration(options.lookback ?? '7d');
  if (lookbackMs === undefined) throw new TypeError(`[bugmastery] influxBaseline: option "lookback" must look like '7d', '24h' or a number of ms, got "${String(options.lookback)}"`);
  const timeoutMs = Math.max(1, Number(options.timeoutMs ?? 2000) || 2000);
  const root = base.toString().replace(/\/+$/, '');
  const prefix = options.prefix ? `${options.prefix.replace(/\.+$/, '')}.` : '';
  const headers = { accept: 'application/json', ...influxAuth(options) };
  const fetchFn = options.fetch ?? (globalThis.fetch as unknown as NonNullable<InfluxBaselineOptions['fetch']>);
  const cache = new Map<string, Promise<number>>();
  const tagFilter = Object.entries(options.tags ?? {})
    .map(([k, v]) => `"${k.replace(/["\\]/g, '\\$&')}" = '${String(v).replace(/['\\]/g, '\\$&')}' AND `)
    .join('');

  const query = async (measurement: string, from: number, to: number): Promise<number> => {
    // Measurement names are made of [A-Za-z0-9_.-] (metricName); the prefix is the app's, so quote it safely.
    const q = `SELECT sum("value") FROM "${measurement.replace(/["\\]/g, '\\$&')}" WHERE ${tagFilter}time >= ${from}ms AND time < ${to}ms`;
    const params = new URLSearchParams({ db: options.database, epoch: 'ms', q });
    if (options.retentionPolicy) params.set('rp', options.retentionPolicy);
    const res = await fetchFn(`${root}/query?${params}`, { headers, signal: AbortSignal.timeout(timeoutMs) });
    if (res.status !== 200) throw new Error(`InfluxDB answered HTTP ${res.status}`);
    const body = (await res.json()) as QueryResponse;
    const result = body.results?.[0];
    const error = body.error ?? result?.error;
    if (error) throw new Error(`InfluxDB: ${error}`);
    const value = result?.series?.[0]?.values?.[0]?.[1];
    return typeof value === 'number' && Number.isFinite(value) ? value : 0;
  };

  return (windowStart: Date, window?: RateWindow): Promise<number> => {
    if (!window) return Promise.reject(new Error('influxBaseline is given to monitorRate({ baseline }), not called directly'));
    const start = windowStart.getTime();
    const end = window.end instanceof Date ? window.end.getTime() : start + window.windowMs;
    const measurement = prefix + metricName('event', window.name);
    const key = `${measurement}\u0000${start}\u0000${end}`;
    let answer = cache.get(key);
    if (!answer) {
      answer = query(measurement, start - lookbackMs, end - lookbackMs);
      cache.set(key, answer);
      // A failed answer is not remembered: the next ask may find the store back.
      answer.catch(() => cache.delete(key));
      if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    }
    return answer;
  };
}
