import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient, httpTransport, type Event } from '../src';
import { startCollector, type Collector } from './collector';
import { expectAccounted, quiet } from './support';


describe('httpTransport against a real server', () => {
  let collector: Collector;
  beforeEach(async () => {
    collector = await startCollector();
  });
  afterEach(async () => {
    await collector.close();
  });

  it('posts { events } as JSON with custom headers', async () => {
    const client = createClient({
      release: 'shop@1.2.3',
      environment: 'staging',
      transports: [httpTransport({ url: `${collector.url}/ingest`, headers: { 'x-team': 'payments' } })],
      logger: quiet,
    });
    client.setTag('region', 'eu');
    client.setUser({ id: '7', email: 'ann@example.com' });
    client.addBreadcrumb({ category: 'ui', message: 'clicked pay' });
    const id = client.captureException(new TypeError('card declined'), { tags: { flow: 'checkout' } });
    expect(await client.flush(2000)).toBe(true);

    expect(collector.requests).toHaveLength(1);
    const req = collector.requests[0];
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/ingest');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['x-team']).toBe('payments');
    const { events } = JSON.parse(req.body) as { events: Event[] };
    expect(events).toHaveLength(1);
    const e = events[0];
    expect(e.id).toBe(id);
    expect(e.id).toMatch(/^[0-9a-f]{32}$/);
    expect(new Date(e.timestamp).toISOString()).toBe(e.timestamp);
    expect(e).toMatchObject({ level: 'error', environment: 'staging', release: 'shop@1.2.3', tags: { region: 'eu', flow: 'checkout' }, user: { id: '7' } });
    expect(e.fingerprint).toMatch(/^[0-9a-f]+$/);
    expect(e.exceptions[0]).toMatchObject({ type: 'TypeError', message: 'card declined', mechanism: { type: 'generic', handled: true } });
    const frames = e.exceptions[0].frames;
    expect(frames.length).toBeGreaterThan(0);
    expect(frames[frames.length - 1].file).toContain('http-transport.test.ts');
    expect(frames[frames.length - 1].inApp).toBe(true);
    expect(e.breadcrumbs.map((b) => b.message)).toEqual(['clicked pay']);
    expect(e.sdk.name).toBeTruthy();
    expectAccounted(client);
    expect(client.stats().transports.http).toMatchObject({ sent: 1, failed: 0, requests: 1 });
  });

  it('batches: many events, few requests, NDJSON one event a line', async () => {
    const client = createClient({
      transports: [httpTransport({ url: collector.url, format: 'ndjson' })],
      batch: { maxEvents: 10, maxDelayMs: 50 },
      dedupeWindowMs: 0,
      rateLimit: {},
      logger: quiet,
    });
    for (let i = 0; i < 25; i++) client.captureException(new Error(`e${i}`));
    expect(await client.flush(2000)).toBe(true);
    expect(collector.requests.length).toBe(3);
    expect(collector.requests[0].headers['content-type']).toBe('application/x-ndjson');
    const lines = collector.requests.flatMap((r) => r.body.trim().split('\n'));
    expect(lines).toHaveLength(25);
    expect(lines.map((l) => (JSON.parse(l) as Event).exceptions[0].message)).toEqual(Array.from({ length: 25 }, (_, i) => `e${i}`));
    expect(client.stats().delivered).toBe(25);
    expectAccounted(client);
  });

  it('retries after a 503 and delivers once the server recovers', async () => {
    collector.respond = (_req, i) => (i < 2 ? { status: 503 } : { status: 200 });
    const client = createClient({ transports: [httpTransport({ url: collector.url })], delivery: { baseDelayMs: 5, maxRetries: 3 }, logger: quiet });
    client.captureException(new Error('flaky backend'));
    expect(await client.flush(5000)).toBe(true);
    expect(collector.requests).toHaveLength(3);
    const ids = collector.requests.map((r) => (JSON.parse(r.body) as { events: Event[] }).events[0].id);
    expect(new Set(ids).size).toBe(1); // retries resend the same event id: idempotent on the server
    expect(client.stats().transports.http).toMatchObject({ sent: 1, retried: 2, requests: 3 });
    expectAccounted(client);
  });

  it('gives up after maxRetries and counts transportFailed', async () => {
    collector.respond = () => ({ status: 500 });
    const client = createClient({ transports: [httpTransport({ url: collector.url })], delivery: { baseDelayMs: 1, maxRetries: 2 }, logger: quiet });
    client.captureException(new Error('never'));
    await client.flush(5000);
    expect(collector.requests).toHaveLength(3);
    expect(client.stats().dropped.transportFailed).toBe(1);
    expectAccounted(client);
  });

  it('does not retry other 4xx', async () => {
    collector.respond = () => ({ status: 400 });
    const client = createClient({ transports: [httpTransport({ url: collector.url })], delivery: { baseDelayMs: 1 }, logger: quiet });
    client.captureException(new Error('bad payload'));
    await client.flush(2000);
    expect(collector.requests).toHaveLength(1);
    expect(client.stats().dropped.transportFailed).toBe(1);
  });

  it('pauses the transport after a 429 with Retry-After and counts backoff', async () => {
    collector.respond = () => ({ status: 429, headers: { 'retry-after': '120' } });
    const client = createClient({
      transports: [httpTransport({ url: collector.url })],
      batch: { maxEvents: 1 },
      dedupeWindowMs: 0,
      logger: quiet,
    });
    client.captureException(new Error('first'));
    await client.flush(2000);
    client.captureException(new Error('second'));
    client.captureException(new Error('third'));
    await client.flush(2000);
    expect(collector.requests).toHaveLength(1); // paused: nothing else goes out for 120 s
    expect(client.stats().dropped.backoff).toBe(3);
    expectAccounted(client);
  });

  it('a failing transport does not block another one', async () => {
    const good = httpTransport({ url: collector.url, name: 'good' });
    const bad = httpTransport({ url: 'http://127.0.0.1:9/', name: 'bad' });
    const client = createClient({ transports: [bad, good], delivery: { baseDelayMs: 1, maxRetries: 1 }, logger: quiet });
    client.captureException(new Error('x'));
    expect(await client.flush(5000)).toBe(true);
    const s = client.stats();
    expect(s.transports.good.sent).toBe(1);
    expect(s.transports.bad.failed).toBe(1);
    expect(s.delivered).toBe(1);
    expectAccounted(client);
  });

  it('rejects a malformed URL at init, naming the option', () => {
    expect(() => httpTransport({ url: 'not a url' })).toThrow(/httpTransport: option "url"/);
    expect(() => httpTransport({ url: 'ftp://x' })).toThrow(/http\(s\)/);
  });
});
