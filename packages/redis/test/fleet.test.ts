import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { startCollector, type Collector } from '../../core/test/collector';
import { runFleet } from './fleet';
import { hasRedis, inspector, redisServer, type RedisServer } from './redis-server';

type Json = Record<string, any>;

const countOf = (post: Json): number => {
  const field = post.blocks[2].fields.find((f: Json) => f.text.startsWith('*Count*'));
  return Number(/\*Count\*\n(\d+)/.exec(field.text)![1]);
};
/** The threshold a post announces: the power of ten its count has reached (1, 10, 100, 1000). */
const thresholdOf = (post: Json): number => 10 ** Math.floor(Math.log10(countOf(post)));

describe.skipIf(!hasRedis)('a fleet of processes on one Redis store alerts like one process', () => {
  let redis: RedisServer;
  let slack: Collector;
  let other: Collector;
  let inspect: Redis;

  beforeAll(async () => {
    redis = await redisServer();
    [slack, other] = await Promise.all([startCollector(), startCollector()]);
    inspect = inspector(redis.url);
  });
  afterAll(async () => {
    inspect?.disconnect();
    await Promise.all([slack?.close(), other?.close(), redis?.stop()]);
  });

  it('6 processes × 400 captures (default dedupe and rate limits): one post per threshold, 1000 reached only by the sum; exact total; a restart posts nothing new', async () => {
    const prefix = 'fleet-a:';
    // Generous Redis timeout: the machine running the tests may be loaded; timeouts have their own tests.
    const args = { redisUrl: redis.url, slackUrl: slack.url, otherUrl: other.url, prefix, captures: 400, timeoutMs: 5000 };
    const results = await runFleet(6, args);

    for (const r of results) {
      expect(r).toMatchObject({ flushed: true, closed: true, threw: 0 });
      expect(r.stats.captured).toBe(400);
      expect(r.lines).toEqual([]);
      expect(r.stats.transports.slack.storeErrors).toBe(0);
    }
    const posts = slack.requests.map((q) => JSON.parse(q.body) as Json);
    // No process saw 1000 itself: the 1000 post comes from the fleet's sum of dropped occurrences.
    // Processes post concurrently, so arrival order may differ from count order.
    expect(posts.map(thresholdOf).sort((a, b) => a - b)).toEqual([1, 10, 100, 1000]);
    expect(posts.find((p) => countOf(p) === 1)!.blocks[0].text.text).toMatch(/^New error: TypeError: card declined/);
    const keys = await inspect.keys(`${prefix}bug:*`);
    expect(keys).toHaveLength(1);
    expect(Number(await inspect.hget(keys[0], 'count'))).toBe(6 * 400);
    // The other transport still got its events (the milestones and what the rate limit let through).
    expect(other.requests.length).toBeGreaterThan(0);

    // Every process restarts (a deploy): the next occurrences are neither new nor a threshold.
    const again = await runFleet(6, { ...args, captures: 1 });
    for (const r of again) expect(r.stats.transports.slack).toMatchObject({ sent: 0, filtered: 1, storeErrors: 0 });
    expect(slack.requests).toHaveLength(4);
    expect(Number(await inspect.hget(keys[0], 'count'))).toBe(6 * 400 + 6);
  });
});
