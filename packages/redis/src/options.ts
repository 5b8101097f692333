import type { Redis } from 'ioredis';

export interface RedisStoreOptions {
  /** redis:// or rediss:// URL; the store opens (and closes) its own connection. */
  url?: string;
  /** An ioredis client the app already has (BullMQ's, say); the store never closes it. */
  client?: Redis;
  /** Prefix of every key the store writes. Default 'bugmastery:'. */
  prefix?: string;
  /** A bug not seen for this many days is forgotten (refreshed on every occurrence). Default 90. */
  ttlDays?: number;
  /** Longest wait for Redis on any call; past it the caller counts in-process for that event. Default 250. */
  timeoutMs?: number;
}

export interface ResolvedOptions {
  url?: string;
  client?: Redis;
  prefix: string;
  ttlSeconds: number;
  timeoutMs: number;
}

const fail = (message: string): never => {
  throw new TypeError(`[bugmastery] redisStore: ${message}`);
};

function checkUrl(url: unknown): string {
  if (typeof url !== 'string' || url.trim() === '') return fail('option "url" must be a redis:// or rediss:// URL string');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return fail(`option "url" is not a valid URL: "${url}" (expected e.g. redis://127.0.0.1:6379)`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') fail(`option "url" must use redis:// or rediss://, got "${parsed.protocol}"`);
  return url;
}

const looksLikeIoredis = (client: unknown): client is Redis =>
  typeof client === 'object' && client !== null && typeof (client as Redis).evalsha === 'function' && typeof (client as Redis).script === 'function';

const KNOWN: Array<keyof RedisStoreOptions> = ['url', 'client', 'prefix', 'ttlDays', 'timeoutMs'];

/** Every option checked once, at construction, each error naming its option. */
export function resolveOptions(options: RedisStoreOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) return fail('takes an options object: redisStore({ url }) or redisStore({ client })');
  // A misspelt option (`timeout`, `ttl`) would silently leave its default in place: name it instead.
  const unknown = Object.keys(options).find((key) => !(KNOWN as string[]).includes(key));
  if (unknown !== undefined) fail(`unknown option "${unknown}" (the options are ${KNOWN.join(', ')})`);
  const { url, client } = options;
  if (url === undefined && client === undefined) fail('one of the options "url" or "client" is required');
  if (url !== undefined && client !== undefined) fail('give either option "url" or option "client", not both');
  if (client !== undefined && !looksLikeIoredis(client)) fail('option "client" must be an ioredis (≥ 5) client');
  const prefix = options.prefix ?? 'bugmastery:';
  if (typeof prefix !== 'string' || prefix === '' || /\s/.test(prefix)) fail('option "prefix" must be a non-empty string without spaces');
  const ttlDays = options.ttlDays ?? 90;
  if (typeof ttlDays !== 'number' || !Number.isFinite(ttlDays) || ttlDays <= 0) fail('option "ttlDays" must be a positive number of days');
  const timeoutMs = options.timeoutMs ?? 250;
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0 || timeoutMs > 2_147_483_647) {
    fail('option "timeoutMs" must be a positive number of milliseconds');
  }
  return {
    url: url === undefined ? undefined : checkUrl(url),
    client,
    prefix,
    ttlSeconds: Math.max(1, Math.round(ttlDays * 86_400)),
    timeoutMs,
  };
}
