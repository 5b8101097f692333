import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClient, memoryStore, pagerDutyTransport, slackTransport, type BugStore, type OccurrenceCount, type Transport } from '../../src';
import type { BugDecision, OccurrenceReport } from '../../src/internal';
import { startCollector, type Collector } from '../collector';
import { expectAccounted, quiet, throwFromCheckout } from './accounting';

type Json = Record<string, any>;

describe('occurrence counts reach the transports that keep them, off the capture path', () => {
  afterEach(() => vi.useRealTimers());

  const counting = (seen: OccurrenceCount[][]): Transport => ({
    name: 'counting',
    write: () => undefined,
    onOccurrences: (counts) => void seen.push(counts),
  });

  it('batched: one report per interval with each fingerprint\'s running count (drops included), and the rest at flush()', async () => {
    vi.useFakeTimers();
    const seen: OccurrenceCount[][] = [];
    const client = createClient({ transports: [counting(seen)], logger: quiet, occurrenceReportMs: 3000 });
    for (let i = 0; i < 50; i++) client.captureException(throwFromCheckout());
    expect(seen).toHaveLength(0); // nothing on the capture path
    await vi.advanceTimersByTimeAsync(3000);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toEqual([{ fingerprint: expect.any(String), occurrences: 50 }]);
    for (let i = 0; i < 7; i++) client.captureException(throwFromCheckout());
    vi.useRealTimers();
    await client.flush(2000);
    expect(seen.map((c) => c[0].occurrences)).toEqual([50, 57]);
    expect(client.stats().dropped.deduped).toBeGreaterThan(0);
    await client.close(1000);
  });

  it('no report without a counting transport, and none when nothing happened', async () => {
    vi.useFakeTimers();
    const seen: OccurrenceCount[][] = [];
    const client = createClient({ transports: [counting(seen)], logger: quiet });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(seen).toHaveLength(0);
    await client.close(100);
  });
});

describe('Slack and PagerDuty through one bug store', () => {
  let server: Collector;
  beforeEach(async () => {
    server = await startCollector();
  });
  afterEach(async () => {
    await server.close();
  });
  const posts = (path: string) => server.requests.filter((r) => r.url === path).map((r) => JSON.parse(r.body) as Json);

  it('a threshold reached only by occurrences that were dropped (dedupe) is posted at flush(), with an event of the bug', async () => {
    const client = createClient({ transports: [slackTransport({ webhookUrl: `${server.url}/slack`, notifyAt: [1, 5], minIntervalMs: 0 })], logger: quiet });
    // The client's own milestones (1, 10…) pass dedupe; 5 is the transport's alone, reached by deduped captures.
    for (let i = 0; i < 7; i++) client.captureException(throwFromCheckout());
    expect(await client.flush(2000)).toBe(true);
    expect(client.stats().dropped.deduped).toBe(6);
    const titles = posts('/slack').map((p) => p.blocks[0].text.text as string);
    expect(titles).toEqual(['New error: TypeError: card declined', '×7: TypeError: card declined']);
    expectAccounted(client);
  });

  it('PagerDuty with a counter pages when new and again only at thresholds; without one, every event pages', async () => {
    const store = memoryStore();
    const withCounter = createClient({
      transports: [pagerDutyTransport({ routingKey: 'k', endpoint: `${server.url}/pd`, minLevel: 'error', counter: store, notifyAt: [1, 10] })],
      logger: quiet, dedupeWindowMs: 0, rateLimit: {},
    });
    for (let i = 0; i < 12; i++) withCounter.captureException(throwFromCheckout());
    await withCounter.flush(2000);
    expect(posts('/pd').map((p) => p.payload.custom_details.occurrences)).toEqual([1, 10]);
    const plain = createClient({ transports: [pagerDutyTransport({ routingKey: 'k', endpoint: `${server.url}/plain`, minLevel: 'error' })], logger: quiet, dedupeWindowMs: 0, rateLimit: {} });
    for (let i = 0; i < 3; i++) plain.captureException(throwFromCheckout());
    await plain.flush(2000);
    expect(posts('/plain')).toHaveLength(3);
  });

  it('a store that fails or hangs: the transport counts in-process, counts storeErrors, logs once, and the other transport is not held up', async () => {
    const lines: string[] = [];
    const broken: BugStore = {
      record: (report: OccurrenceReport): Promise<BugDecision> => (report.occurrences % 2 ? Promise.reject(new Error('ECONNREFUSED')) : new Promise(() => undefined)),
    };
    const client = createClient({
      transports: [slackTransport({ webhookUrl: `${server.url}/slack`, counter: broken, minIntervalMs: 0 }), pagerDutyTransport({ routingKey: 'k', endpoint: `${server.url}/pd`, minLevel: 'error' })],
      logger: { warn: (m) => lines.push(m), error: (m) => lines.push(m) },
      dedupeWindowMs: 0, rateLimit: {}, delivery: { timeoutMs: 5000, maxRetries: 0 },
    });
    for (let i = 0; i < 4; i++) expect(() => client.captureException(throwFromCheckout())).not.toThrow();
    expect(await client.flush(5000)).toBe(true);
    const s = expectAccounted(client);
    expect(s.transports.pagerduty.sent).toBe(4);
    // Four events and the batched report at flush: every call failed (rejected, or cut after STORE_TIMEOUT_MS).
    expect(s.transports.slack.storeErrors).toBe(5);
    expect(lines.filter((l) => l.includes('bug store failed'))).toHaveLength(1);
    expect(posts('/slack')).toHaveLength(1); // in-process: new at 1
  });

  it('a shared counter that refused some increments: they are carried by the next report, so its total equals the captures', async () => {
    let total = 0;
    let refuse = false;
    const counter = {
      async increment(_key: string, by: number) {
        if (refuse) throw new Error('ECONNREFUSED');
        return (total += by);
      },
    };
    const client = createClient({
      transports: [slackTransport({ webhookUrl: `${server.url}/slack`, counter, minIntervalMs: 0 })],
      logger: quiet, dedupeWindowMs: 0, rateLimit: {},
    });
    const capture = async (n: number) => {
      for (let i = 0; i < n; i++) client.captureException(throwFromCheckout());
      expect(await client.flush(2000)).toBe(true);
    };
    await capture(3);
    refuse = true;
    await capture(4);
    expect(client.stats().transports.slack.storeErrors).toBeGreaterThan(0);
    refuse = false;
    await capture(2);
    expect(total).toBe(9);
  });

  it('rejects a counter that is neither a store nor a counter, naming the option', () => {
    expect(() => pagerDutyTransport({ routingKey: 'k', counter: {} as BugStore })).toThrow(/option "counter"/);
  });
});

describe('Slack posts name the bugmaster and the state change', () => {
  let slack: Collector;
  beforeEach(async () => {
    slack = await startCollector();
  });
  afterEach(async () => {
    vi.useRealTimers();
    await slack.close();
  });

  it('a Slack user id is mentioned, a name is plain text; an assigned bug shows its assignee; a regression says so', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-12T10:00:00Z')); // week 2 of the rotation: ana
    const store = memoryStore();
    const client = createClient({
      transports: [slackTransport({ webhookUrl: slack.url, counter: store, minIntervalMs: 0, rotation: { people: ['U024BE7LH', 'ana <!channel>'], startsOn: '2026-01-05' } })],
      logger: quiet, dedupeWindowMs: 0, rateLimit: {},
    });
    const fields = (i: number) => Object.fromEntries((JSON.parse(slack.requests[i].body).blocks[2].fields as Json[]).map((f) => (f.text as string).split('\n')));
    client.captureException(throwFromCheckout());
    await client.flush(2000);
    expect(fields(0)['*Bugmaster*']).toBe('ana &lt;!channel&gt;');
    const [bug] = await store.list();
    await store.assign(bug.fingerprint, 'U0G9QF9C6');
    vi.setSystemTime(new Date('2026-01-19T10:00:00Z')); // week 3 wraps to the first person
    for (let i = 0; i < 9; i++) client.captureException(throwFromCheckout());
    await client.flush(2000);
    expect(fields(1)).toMatchObject({ '*Bugmaster*': '<@U024BE7LH>', '*Assignee*': '<@U0G9QF9C6>', '*Status*': 'assigned', '*Count*': '10 (next alert at 100)' });
    await store.resolve(bug.fingerprint);
    client.captureException(throwFromCheckout());
    await client.flush(2000);
    expect(JSON.parse(slack.requests[2].body).blocks[0].text.text).toBe('Regressed: TypeError: card declined');
    expect(slack.requests).toHaveLength(3);
  });

  it('rejects a rotation it cannot use, naming the option', () => {
    expect(() => slackTransport({ webhookUrl: 'https://h/x', rotation: { people: [], startsOn: '2026-01-05' } })).toThrow(/option "rotation" needs "people"/);
    expect(() => slackTransport({ webhookUrl: 'https://h/x', rotation: { people: ['a'], startsOn: 'monday' } })).toThrow(/"startsOn"/);
  });
});
