import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, httpTransport, slackTransport, type Client } from '@bugmastery/core';
import { startCollector, type Collector } from '../../core/test/collector';
import { redisStore, type RedisStore } from '../src';
import { cuttableProxy, hasRedis, inspector, redisServer, silentServer, type RedisServer } from './redis-server';

function chargeCard(): never {
  throw new TypeError('card declined');
}
const occurrence = (): unknown => {
  try {
    chargeCard();
  } catch (err) {
    return err;
  }
};

const memoryLog = () => {
  const lines: string[] = [];
  return { lines, warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };
};

function fleetClient(store: RedisStore, slack: Collector, other: Collector, log: ReturnType<typeof memoryLog>): Client {
  return createClient({
    transports: [slackTransport({ webhookUrl: slack.url, counter: store, minIntervalMs: 0 }), httpTransport({ url: other.url })],
    logger: log,
    dedupeWindowMs: 0,
    rateLimit: {},
    delivery: { maxRetries: 0, timeoutMs: 2000 },
  });
}

/** Captures `n` occurrences; every call returns at once with an event id or undefined, never throws. */
function captureMany(client: Client, n: number): void {
  for (let i = 0; i < n; i++) expect(() => client.captureException(occurrence())).not.toThrow();
}

describe.skipIf(!hasRedis)('Redis faults never reach the app', () => {
  let slack: Collector;
  let other: Collector;
  beforeAll(async () => {
    [slack, other] = await Promise.all([startCollector(), startCollector()]);
  });
  afterAll(async () => {
    await Promise.all([slack?.close(), other?.close()]);
  });

  let redis: RedisServer | undefined;
  afterAll(async () => redis?.stop());

  it('redis-server killed mid-run and started again: captures go on, other transports deliver, the fallback is counted and logged once, then counting is fleet-wide again', async () => {
    redis = await redisServer();
    const log = memoryLog();
    const store = redisStore({ url: redis.url, prefix: 'kill:', timeoutMs: 300 });
    const client = fleetClient(store, slack, other, log);
    const probe = redisStore({ url: redis.url, prefix: 'kill:', timeoutMs: 300 });
    const fp = () => (slack.requests.length > 0 ? (JSON.parse(slack.requests[0].body).blocks[2].fields as { text: string }[]).find((f) => f.text.startsWith('*Fingerprint*'))!.text.split('`')[1] : '');
    try {
      captureMany(client, 5);
      expect(await client.flush(5000)).toBe(true);
      expect((await probe.get(fp()))?.count).toBe(5);

      await redis.kill();
      const before = other.requests.length;
      captureMany(client, 20);
      expect(await client.flush(10_000)).toBe(true);
      const down = client.stats();
      expect(down.transports.slack.storeErrors).toBeGreaterThan(0);
      expect(down.transports.http.sent).toBe(25); // the other transport never waited on Redis
      expect(other.requests.length).toBeGreaterThan(before);
      expect(log.lines.filter((l) => l.includes('bug store failed'))).toHaveLength(1);

      await redis.start(); // empty: no persistence
      // ioredis reconnects on its own; wait (bounded) until the store answers again.
      for (let i = 0; i < 100 && !(await probe.get('none').then(() => true, () => false)); i++) await new Promise((r) => setTimeout(r, 100));
      captureMany(client, 7);
      expect(await client.flush(10_000)).toBe(true);
      expect(log.lines.some((l) => l.includes('answers again'))).toBe(true);
      // Counting is shared again: the fresh server (no persistence) lost the first 5, and gets the 20 that failed
      // to reach it while it was down with the 7 new ones: no occurrence the store did not count is dropped.
      expect((await probe.get(fp()))?.count).toBe(27);
      expect(client.stats().captured).toBe(32);
    } finally {
      await client.close(2000);
      await probe.close();
    }
  });

  it('a network outage while Redis keeps its data: after flush() the fleet count still equals the captures', async () => {
    redis ??= await redisServer();
    const link = await cuttableProxy(redis.port);
    const log = memoryLog();
    const store = redisStore({ url: link.url, prefix: 'outage:', timeoutMs: 100 });
    const client = fleetClient(store, slack, other, log);
    const probe = inspector(redis.url);
    try {
      captureMany(client, 5);
      expect(await client.flush(5000)).toBe(true);
      const [key] = await probe.keys('outage:bug:*');
      expect(Number(await probe.hget(key, 'count'))).toBe(5);

      await link.cut();
      captureMany(client, 20);
      expect(await client.flush(10_000)).toBe(true);
      expect(client.stats().transports.slack.storeErrors).toBeGreaterThan(0);

      // Past the timeout the calls wait in ioredis's offline queue; once a reconnect is refused it rejects them all
      // (maxRetriesPerRequest: 1): a command queued behind them settles after them.
      await expect(store.connection.client.ping()).rejects.toThrow();
      await link.restore();
      // ioredis reconnects on its own; bounded wait until the store's connection answers again.
      for (let i = 0; i < 100 && store.connection.client.status !== 'ready'; i++) await new Promise((r) => setTimeout(r, 50));
      captureMany(client, 7);
      expect(await client.flush(10_000)).toBe(true);
      expect(Number(await probe.hget(key, 'count'))).toBe(32);
    } finally {
      await client.close(2000);
      probe.disconnect();
      await link.close();
    }
  });

  it('a Redis that accepts connections but never answers: captures return at once, flush() and close() stay bounded by timeoutMs', async () => {
    const silent = await silentServer();
    const log = memoryLog();
    const store = redisStore({ url: silent.url, prefix: 'silent:', timeoutMs: 100 });
    const client = fleetClient(store, slack, other, log);
    try {
      const before = slack.requests.length;
      captureMany(client, 30);
      // Every Slack decision waits at most the store's timeout, then falls back to this process's counts.
      expect(await client.flush(15_000)).toBe(true);
      const s = client.stats();
      expect(s.transports.http.sent).toBe(30);
      expect(s.transports.slack.storeErrors).toBeGreaterThan(0);
      // Per-process counting: new at 1, then 10 (a duplicate of what the fleet may have posted: acceptable, counted).
      expect(slack.requests.length - before).toBe(2);
      expect(await client.close(5000)).toBe(true);
    } finally {
      await silent.close();
    }
  });
});
