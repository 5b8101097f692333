import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryStore, type BugAdmin, type BugStore } from '@bugmastery/core';
import { bugmasterOn, type Notice } from '@bugmastery/core/internal';
import { redisStore } from '../src';
import { hasRedis, redisServer, type RedisServer } from './redis-server';

const NOTIFY_AT = [1, 10, 100, 1000];
const DAY = 86_400_000;

type Store = BugStore & BugAdmin;
type Step =
  | { occurrences: number; at?: number; expect: Notice | null }
  | { act: (store: Store, fp: string) => Promise<unknown> };

/** State transitions, run against core's in-memory store and the Redis store: same notices. */
const scenarios: Array<{ name: string; steps: Step[] }> = [
  {
    name: 'snoozed for 100: silent at 10 and 100, one "snoozeEnded" at 100 more, then open',
    steps: [
      { occurrences: 1, expect: 'new' },
      { act: (s, fp) => s.snooze(fp, { occurrences: 100 }) },
      { occurrences: 10, expect: null },
      { occurrences: 100, expect: null },
      { occurrences: 101, expect: 'snoozeEnded' },
      { occurrences: 150, expect: null },
      { occurrences: 1000, expect: 'threshold' },
    ],
  },
  {
    name: 'snoozed for a week: silent within it, the first occurrence after it ends the snooze',
    steps: [
      { occurrences: 1, at: 0, expect: 'new' },
      { act: (s, fp) => s.snooze(fp, { forMs: 7 * DAY }) },
      { occurrences: 50, at: DAY, expect: null },
      { occurrences: 51, at: 8 * DAY, expect: 'snoozeEnded' },
    ],
  },
  {
    name: 'resolved: silent until it happens again, one "regressed", counting restarts there',
    steps: [
      { occurrences: 5, expect: 'new' },
      { act: (s, fp) => s.resolve(fp) },
      { occurrences: 6, expect: 'regressed' },
      { occurrences: 14, expect: null },
      { occurrences: 15, expect: 'threshold' }, // the 10th since the regression
    ],
  },
  {
    name: 'assigned: keeps notifying at thresholds; reopened: open again',
    steps: [
      { occurrences: 1, expect: 'new' },
      { act: (s, fp) => s.assign(fp, 'ana') },
      { occurrences: 10, expect: 'threshold' },
      { act: (s, fp) => s.reopen(fp) },
      { occurrences: 100, expect: 'threshold' },
    ],
  },
];

describe.skipIf(!hasRedis)('state transitions: in memory and in the Lua scripts alike', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await redisServer();
  });
  afterAll(async () => redis?.stop());

  const T0 = Date.now();
  async function play(store: Store, steps: Step[]): Promise<Array<Notice | null>> {
    const seen: Array<Notice | null> = [];
    for (const step of steps) {
      if ('act' in step) await step.act(store, 'feed');
      else seen.push((await store.record({ fingerprint: 'feed', occurrences: step.occurrences, consumer: 'slack', notifyAt: NOTIFY_AT, now: T0 + (step.at ?? 0) })).notice);
    }
    return seen;
  }

  it.each(scenarios.map((s, i) => [s.name, i] as const))('%s', async (_name, i) => {
    const { steps } = scenarios[i];
    const expected = steps.flatMap((s) => ('expect' in s ? [s.expect] : []));
    expect(await play(memoryStore(), steps)).toEqual(expected);
    const store = redisStore({ url: redis.url, prefix: `transitions-${i}:` });
    try {
      expect(await play(store, steps)).toEqual(expected);
    } finally {
      await store.close();
    }
  });

  it('lists by state and assignee, most urgent first; an unknown bug is a clear error', async () => {
    for (const store of [memoryStore(), redisStore({ url: redis.url, prefix: 'list:' })] as Store[]) {
      const record = (fingerprint: string, occurrences: number) => store.record({ fingerprint, occurrences, consumer: 'slack', notifyAt: NOTIFY_AT, now: Date.now() });
      await record('aaaa', 3);
      await record('bbbb', 30);
      await record('cccc', 1);
      await store.assign('cccc', 'ana');
      expect((await store.list({ status: 'open' })).map((b) => b.fingerprint)).toEqual(['bbbb', 'aaaa']);
      expect((await store.list({ assignee: 'ana' })).map((b) => b.fingerprint)).toEqual(['cccc']);
      await expect(store.resolve('dddd')).rejects.toThrow('unknown fingerprint "dddd"');
      await expect(store.snooze('aaaa', {})).rejects.toThrow(/one of "occurrences" or "forMs"/);
      await store.close?.();
    }
  });
});

describe.skipIf(!hasRedis)('the rotation', () => {
  const rotation = { people: ['U024BE7LH', 'ana', 'ben'], startsOn: '2026-01-05' }; // a Monday
  const at = (iso: string) => Date.parse(iso);

  it('names the right person across a week boundary (injected clock)', () => {
    expect(bugmasterOn(rotation, at('2026-01-11T23:59:59Z'))).toBe('U024BE7LH');
    expect(bugmasterOn(rotation, at('2026-01-12T00:00:00Z'))).toBe('ana');
    expect(bugmasterOn(rotation, at('2026-01-26T00:00:00Z'))).toBe('U024BE7LH'); // wraps after three weeks
    expect(bugmasterOn({ ...rotation, every: 'day' }, at('2026-01-07T12:00:00Z'))).toBe('ben');
  });

  it('an override wins for its period only, in Redis and in memory', async () => {
    const redis = await redisServer();
    try {
      for (const store of [memoryStore(), redisStore({ url: redis.url, prefix: 'rota:' })]) {
        const monday = at('2026-01-12T09:00:00Z');
        expect(await store.bugmaster(rotation, monday)).toBe('ana');
        expect(await store.setBugmaster('ben', monday, rotation)).toEqual({ bugmaster: 'ben', until: '2026-01-19T00:00:00.000Z' });
        expect(await store.bugmaster(rotation, at('2026-01-18T23:00:00Z'))).toBe('ben');
        expect(await store.bugmaster(rotation, at('2026-01-19T00:00:00Z'))).toBe('ben'); // ben's own week by the rotation
        expect(await store.bugmaster(rotation, at('2026-01-26T00:00:00Z'))).toBe('U024BE7LH');
        await store.close?.();
      }
    } finally {
      await redis.stop();
    }
  });
});
