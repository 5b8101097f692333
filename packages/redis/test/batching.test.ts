import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { createClient, slackTransport } from '@bugmastery/core';
import { redisStore } from '../src';
import { hasRedis, inspector, redisServer, type RedisServer } from './redis-server';

function chargeCard(): never {
  throw new TypeError('card declined');
}

describe.skipIf(!hasRedis)('count updates are batched: Redis is never asked once per capture', () => {
  let redis: RedisServer;
  let inspect: Redis;
  beforeAll(async () => {
    redis = await redisServer();
    inspect = inspector(redis.url);
  });
  afterAll(async () => {
    inspect?.disconnect();
    await redis?.stop();
  });

  /** Round trips of the store: its script calls (the commands a script runs inside Redis are not round trips). */
  const scriptCalls = async (): Promise<number> => {
    const stats = await inspect.info('commandstats');
    return [...stats.matchAll(/cmdstat_(?:evalsha|eval|script\|load):calls=(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
  };

  it('10,000 captures of one bug (default dedupe and rate limits): a handful of Redis commands, and the exact total after flush()', async () => {
    const store = redisStore({ url: redis.url, prefix: 'batch:', timeoutMs: 5000 });
    const fetch = async () => ({ status: 200, headers: { get: () => null } });
    const client = createClient({ transports: [slackTransport({ webhookUrl: 'https://hooks.slack.test/x', counter: store, fetch, minIntervalMs: 0 })], logger: { warn: () => undefined, error: () => undefined } });
    const before = await scriptCalls();
    for (let i = 0; i < 10_000; i++) {
      try {
        chargeCard();
      } catch (err) {
        client.captureException(err);
      }
    }
    expect(await client.flush(10_000)).toBe(true);
    // One EVALSHA per event that passed (the milestones 1, 10, 100, 1000, 10000 and what the rate limit let through),
    // one per batched update, plus loading the script once.
    const roundTrips = (await scriptCalls()) - before;
    expect(roundTrips).toBeGreaterThan(0);
    expect(roundTrips).toBeLessThan(30);
    const [key] = await inspect.keys('batch:bug:*');
    expect(Number(await inspect.hget(key, 'count'))).toBe(10_000);
    await client.close(2000);
  });
});
