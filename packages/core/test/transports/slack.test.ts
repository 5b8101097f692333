import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient, httpTransport, slackTransport, type Event, type SnoozeCounter } from '../../src';
import { nextThreshold, slackMessage } from '../../src/internal';
import { startCollector, type Collector } from '../collector';
import { expectAccounted, fastDelivery, quiet, throwFromCheckout, throwFromInventory } from './accounting';

type Json = Record<string, any>;
const BLOCK_TYPES = new Set(['header', 'section', 'context', 'divider']);

/** The Block Kit rules this transport relies on (https://api.slack.com/reference/block-kit/blocks). */
function expectValidBlockKit(message: Json): void {
  expect(typeof message.text).toBe('string');
  expect(message.text.length).toBeGreaterThan(0);
  expect(Array.isArray(message.blocks)).toBe(true);
  expect(message.blocks.length).toBeLessThanOrEqual(50);
  for (const block of message.blocks as Json[]) {
    expect(BLOCK_TYPES.has(block.type)).toBe(true);
    if (block.type === 'header') {
      expect(block.text.type).toBe('plain_text');
      expect(block.text.text.length).toBeLessThanOrEqual(150);
    }
    if (block.type === 'section') {
      expect(block.text || block.fields).toBeTruthy();
      if (block.text) {
        expect(['mrkdwn', 'plain_text']).toContain(block.text.type);
        expect(block.text.text.length).toBeLessThanOrEqual(3000);
      }
      if (block.fields) {
        expect(block.fields.length).toBeLessThanOrEqual(10);
        for (const f of block.fields) expect(f.text.length).toBeLessThanOrEqual(2000);
      }
    }
    if (block.type === 'context') {
      expect(block.elements.length).toBeGreaterThan(0);
      expect(block.elements.length).toBeLessThanOrEqual(10);
    }
  }
}

function countOf(message: Json): number {
  const field = message.blocks[2].fields.find((f: Json) => f.text.startsWith('*Count*'));
  return Number(/\*Count\*\n(\d+)/.exec(field.text)![1]);
}

describe('slackTransport', () => {
  let slack: Collector;
  beforeEach(async () => {
    slack = await startCollector();
  });
  afterEach(async () => {
    await slack.close();
  });

  const posts = () => slack.requests.map((r) => JSON.parse(r.body) as Json);

  it('validates its options at init', () => {
    expect(() => slackTransport({ webhookUrl: '' })).toThrow(/"webhookUrl" is required/);
    expect(() => slackTransport({ webhookUrl: 'hooks.slack.com/services/x' })).toThrow(/"webhookUrl" is not a valid URL/);
    expect(() => slackTransport({ webhookUrl: 'https://h/x', notifyAt: [0, 10] })).toThrow(/notifyAt/);
    expect(() => slackTransport({ webhookUrl: 'https://h/x', counter: {} as SnoozeCounter })).toThrow(/counter/);
  });

  it('150 captures of one error and 3 of another post exactly 4 messages (1st, 10th, 100th; 1st) with the default client', async () => {
    const client = createClient({ environment: 'production', release: 'shop@2.0.0', transports: [slackTransport({ webhookUrl: `${slack.url}/hook`, minIntervalMs: 0 })], logger: quiet });
    for (let i = 0; i < 150; i++) client.captureException(throwFromCheckout());
    for (let i = 0; i < 3; i++) client.captureException(throwFromInventory());
    expect(await client.flush(5000)).toBe(true);

    expect(slack.requests).toHaveLength(4);
    const messages = posts();
    for (const m of messages) expectValidBlockKit(m);
    expect(messages.map(countOf)).toEqual([1, 10, 100, 1]);
    expect(messages.map((m) => m.blocks[1].text.text)).toEqual(['*TypeError*: card declined', '*TypeError*: card declined', '*TypeError*: card declined', '*RangeError*: out of stock']);
    expect(messages[0].blocks[0].text.text).toBe('New error: TypeError: card declined');
    expect(messages[1].blocks[0].text.text).toBe('×10: TypeError: card declined');
    expect(messages[1].text).toBe('[production · shop@2.0.0] TypeError: card declined (seen 10×)');
    expect(messages[1].blocks[2].fields.map((f: Json) => f.text)).toEqual(
      expect.arrayContaining(['*Environment*\nproduction', '*Release*\nshop@2.0.0', '*Count*\n10 (next alert at 100)']),
    );
    const code = messages[0].blocks[3].text.text as string;
    expect(code.startsWith('```at chargeCard (')).toBe(true);
    expect(code).toContain('accounting.ts:');
    expect(code.endsWith('```')).toBe(true);
    expect(slack.requests[0].headers['content-type']).toBe('application/json');
    expect(slack.requests[0].url).toBe('/hook');
    expectAccounted(client);
  });

  it('1000 captures with dedupe off and high rate limits notify exactly at 1, 10, 100, 1000', async () => {
    const client = createClient({
      transports: [slackTransport({ webhookUrl: slack.url, minIntervalMs: 0 })],
      logger: quiet,
      dedupeWindowMs: 0,
      rateLimit: { perFingerprint: { max: 10_000, intervalMs: 60_000 }, global: { max: 10_000, intervalMs: 60_000 } },
      batch: { maxQueue: 10_000 },
    });
    for (let i = 0; i < 1000; i++) client.captureException(throwFromCheckout());
    expect(await client.flush(10_000)).toBe(true);
    expect(posts().map(countOf)).toEqual([1, 10, 100, 1000]);
    const s = client.stats();
    expect(s.transports.slack).toMatchObject({ sent: 4, requests: 4, filtered: 996 });
    expect(s.dropped.filtered).toBe(996);
    expectAccounted(client);
  });

  it('1000 captures with dedupe on still notify at every threshold', async () => {
    const client = createClient({ transports: [slackTransport({ webhookUrl: slack.url, minIntervalMs: 0 })], logger: quiet, dedupeWindowMs: 60_000 });
    for (let i = 0; i < 1000; i++) client.captureException(throwFromCheckout());
    expect(await client.flush(5000)).toBe(true);
    expect(posts().map(countOf)).toEqual([1, 10, 100, 1000]);
    expect(client.stats().dropped.deduped).toBe(996);
    expectAccounted(client);
  });

  it('never misses a threshold its counts jumped over (transport thresholds differ from the client’s)', async () => {
    // The client lets 1, 10, 100 through; this transport wants 5 and 50 too — reached between them.
    const client = createClient({ transports: [slackTransport({ webhookUrl: slack.url, notifyAt: [1, 5, 50], minIntervalMs: 0 })], logger: quiet, dedupeWindowMs: 60_000 });
    for (let i = 0; i < 100; i++) client.captureException(throwFromCheckout());
    await client.flush(5000);
    // 5 is crossed at the 10th (next event through), 50 at the 100th, which also counts for 100 (a power of ten past 50).
    expect(posts().map(countOf)).toEqual([1, 10, 100]);
    expect(posts()[1].blocks[2].fields.find((f: Json) => f.text.startsWith('*Count*')).text).toBe('*Count*\n10 (next alert at 50)');
  });

  it('a shared (async) counter makes two processes snooze together', async () => {
    const shared = new Map<string, number>();
    const counter: SnoozeCounter = {
      async increment(key, by) {
        await Promise.resolve();
        shared.set(key, (shared.get(key) ?? 0) + by);
        return shared.get(key)!;
      },
    };
    const make = () => createClient({ transports: [slackTransport({ webhookUrl: slack.url, counter, minIntervalMs: 0 })], logger: quiet, dedupeWindowMs: 0 });
    const a = make();
    const b = make();
    for (let i = 0; i < 6; i++) a.captureException(throwFromCheckout());
    await a.flush(2000);
    for (let i = 0; i < 6; i++) b.captureException(throwFromCheckout());
    await b.flush(2000);
    // 12 occurrences in all: posted at the first (a's 1st) and the tenth (b's 4th), not at b's own 1st.
    expect(posts().map(countOf)).toEqual([1, 10]);
    expect([...shared.values()]).toEqual([12]);
  });

  it('an alert that did not go through (429) is owed: the next occurrence posts it', async () => {
    slack.respond = (_r, i) => (i === 0 ? { status: 429, headers: { 'retry-after': '0' } } : { status: 200 });
    const transport = slackTransport({ webhookUrl: `${slack.url}/slack`, minIntervalMs: 0 });
    const client = createClient({ transports: [transport], logger: quiet, dedupeWindowMs: 0, rateLimit: {}, delivery: fastDelivery });
    client.captureException(throwFromCheckout());
    await client.flush(5000);
    expect(client.stats().transports.slack.sent).toBe(0);
    client.captureException(throwFromCheckout()); // occurrence 2: no threshold, but the first post is owed
    await client.flush(5000);
    expect(client.stats().transports.slack.sent).toBe(1);
    client.captureException(throwFromCheckout()); // paid: occurrence 3 posts nothing
    await client.flush(5000);
    expect(slack.requests).toHaveLength(2);
  });

  it('escapes the text fallback like the blocks: an error message cannot mention @channel or disguise a link', () => {
    const event = {
      id: 'a'.repeat(32), timestamp: new Date().toISOString(), level: 'error', environment: 'prod', fingerprint: 'ff',
      exceptions: [{ type: 'Error', message: 'bad <!channel> <https://evil.example|reset> a&b', frames: [], mechanism: { type: 'generic', handled: true } }],
      tags: {}, contexts: {}, breadcrumbs: [], sdk: { name: 'bugmastery.javascript', version: '0.1.0' }, platform: 'node', occurrences: 1,
    } as Event;
    const { text } = slackMessage(event, 1, 10);
    expect(text).toContain('&lt;!channel&gt; &lt;https://evil.example|reset&gt; a&amp;b');
    expect(text).not.toMatch(/<!channel>|<https:/);
  });

  it('truncates long text with an ellipsis and escapes mrkdwn', () => {
    const event = {
      id: 'a'.repeat(32), timestamp: new Date().toISOString(), level: 'error', environment: 'prod', fingerprint: 'ff',
      exceptions: [{ type: 'Error', message: '<b>&' + 'x'.repeat(5000), frames: [], mechanism: { type: 'generic', handled: true } }],
      tags: {}, contexts: {}, breadcrumbs: [], sdk: { name: 'bugmastery.javascript', version: '0.1.0' }, platform: 'node', occurrences: 1,
    } as Event;
    const message = slackMessage(event, 1, nextThreshold(1, [1, 10]));
    expectValidBlockKit(message as unknown as Json);
    const header = (message.blocks[0] as Json).text.text as string;
    expect(header).toHaveLength(150);
    expect(header.endsWith('…')).toBe(true);
    const section = (message.blocks[1] as Json).text.text as string;
    expect(section.startsWith('*Error*: &lt;b&gt;&amp;xxx')).toBe(true);
    expect(section).toHaveLength(3000);
    expect(section.endsWith('…')).toBe(true);
    expect(nextThreshold(1000, [1, 10, 100, 1000])).toBe(10_000);
  });

  it('a 429 with Retry-After pauses Slack only; the other transport keeps delivering', async () => {
    const other = await startCollector();
    try {
      slack.respond = () => ({ status: 429, headers: { 'retry-after': '30' } });
      const client = createClient({
        transports: [slackTransport({ webhookUrl: slack.url, minIntervalMs: 0 }), httpTransport({ url: other.url })],
        logger: quiet,
        delivery: fastDelivery,
        dedupeWindowMs: 0,
      });
      client.captureException(throwFromCheckout());
      await client.flush(2000);
      client.captureException(throwFromInventory());
      await client.flush(2000);
      expect(slack.requests).toHaveLength(1);
      expect(other.requests.length).toBe(2);
      expect(client.stats().delivered).toBe(2);
      expectAccounted(client);

      const alone = createClient({ transports: [slackTransport({ webhookUrl: slack.url, minIntervalMs: 0 })], logger: quiet, delivery: fastDelivery });
      alone.captureException(throwFromCheckout());
      await alone.flush(2000);
      alone.captureException(throwFromInventory());
      await alone.flush(2000);
      expect(alone.stats().dropped.backoff).toBe(2);
      expectAccounted(alone);
    } finally {
      await other.close();
    }
  });
});
