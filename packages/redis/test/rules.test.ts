import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryStore, type BugStore } from '@bugmastery/core';
import type { BugDecision } from '@bugmastery/core/internal';
import { redisStore, type RedisStore } from '../src';
import { hasRedis, redisServer, type RedisServer } from './redis-server';

const NOTIFY_AT = [1, 10, 100, 1000];
const T0 = Date.UTC(2026, 0, 5, 9);

/** One report: `process` (its own running count) tells `consumer` about `occurrences` of bug `fp`. */
type Step = { process: string; fp?: string; occurrences: number; consumer?: string; at?: number };

/** The same scenarios run against core's in-memory rules and the Lua script: they must agree. */
const scenarios: Array<{ name: string; steps: Step[]; expected: Array<Pick<BugDecision, 'count' | 'notice'>> }> = [
  {
    name: 'new, then thresholds; counts from two processes add up',
    steps: [
      { process: 'a', occurrences: 1 },
      { process: 'b', occurrences: 3 },
      { process: 'a', occurrences: 7 },
      { process: 'b', occurrences: 4 },
      { process: 'a', occurrences: 60 },
      { process: 'b', occurrences: 45 },
    ],
    expected: [
      { count: 1, notice: 'new' },
      { count: 4, notice: null },
      { count: 10, notice: 'threshold' },
      { count: 11, notice: null },
      { count: 64, notice: null },
      { count: 105, notice: 'threshold' },
    ],
  },
  {
    name: 'each consumer is told once; a report with nothing new still answers',
    steps: [
      { process: 'a', occurrences: 1, consumer: 'slack' },
      { process: 'a', occurrences: 1, consumer: 'pagerduty' },
      { process: 'a', occurrences: 1, consumer: 'slack' },
      { process: 'b', occurrences: 12, consumer: 'pagerduty' },
      { process: 'b', occurrences: 12, consumer: 'slack' },
    ],
    expected: [
      { count: 1, notice: 'new' },
      { count: 1, notice: 'new' },
      { count: 1, notice: null },
      { count: 13, notice: 'threshold' },
      { count: 13, notice: 'threshold' },
    ],
  },
  {
    name: 'past the last threshold every power of ten, and a jump over several posts once',
    steps: [
      { process: 'a', occurrences: 1 },
      { process: 'a', occurrences: 5000 },
      { process: 'a', occurrences: 9999 },
      { process: 'a', occurrences: 10_000 },
    ],
    expected: [
      { count: 1, notice: 'new' },
      { count: 5000, notice: 'threshold' },
      { count: 9999, notice: null },
      { count: 10_000, notice: 'threshold' },
    ],
  },
];

/** Each simulated process needs its own store object (a store tracks what its process already told). */
async function play(make: () => BugStore, steps: Step[]): Promise<Array<Pick<BugDecision, 'count' | 'notice'>>> {
  const stores = new Map<string, BugStore>();
  const out = [];
  for (const step of steps) {
    if (!stores.has(step.process)) stores.set(step.process, make());
    const d = await stores.get(step.process)!.record({
      fingerprint: step.fp ?? 'f00d', occurrences: step.occurrences, consumer: step.consumer ?? 'slack', notifyAt: NOTIFY_AT, now: step.at ?? T0,
    });
    out.push({ count: d.count, notice: d.notice });
  }
  for (const s of stores.values()) await s.close?.();
  return out;
}

describe.skipIf(!hasRedis)('the rules: in memory and in the Lua script alike', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await redisServer();
  });
  afterAll(async () => redis?.stop());

  it.each(scenarios.map((s, i) => [s.name, i] as const))('%s', async (_name, i) => {
    const { steps, expected } = scenarios[i];
    // A memory store is one process: share one across the simulated processes, so counts add up as in Redis.
    const shared = memoryStore();
    const viaMemory = await play(() => shared, steps.map((s) => ({ ...s, process: 'one', occurrences: runningTotal(steps, s) })));
    expect(viaMemory).toEqual(expected);
    const viaRedis = await play(() => redisStore({ url: redis.url, prefix: `rules-${i}:` }), steps);
    expect(viaRedis).toEqual(expected);
  });

  it('8 processes racing across thresholds: each threshold told to exactly one', async () => {
    const stores: RedisStore[] = Array.from({ length: 8 }, () => redisStore({ url: redis.url, prefix: 'race:' }));
    const decisions = await Promise.all(
      stores.flatMap((store) => Array.from({ length: 30 }, (_, k) => store.record({ fingerprint: 'race', occurrences: k + 1, consumer: 'slack', notifyAt: NOTIFY_AT, now: T0 }))),
    );
    expect(decisions.filter((d) => d.notice !== null)).toHaveLength(3); // 1 (new), 10, 100
    expect(Math.max(...decisions.map((d) => d.count))).toBe(240);
    await Promise.all(stores.map((s) => s.close()));
  });
});

/** For the one shared memory store: the sum of every simulated process's running count at that step. */
function runningTotal(steps: Step[], at: Step): number {
  const latest = new Map<string, number>();
  for (const s of steps) {
    latest.set(s.process, Math.max(latest.get(s.process) ?? 0, s.occurrences));
    if (s === at) break;
  }
  return [...latest.values()].reduce((a, b) => a + b, 0);
}
