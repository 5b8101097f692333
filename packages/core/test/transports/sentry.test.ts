import { parseEnvelope } from '@sentry/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient, httpTransport, sentryTransport, type Event } from '../../src';
import { contextLineScrubber, parseDsn, sentryRateLimitMs } from '../../src/internal';
import { startCollector, type Collector } from '../collector';
import { expectAccounted, fastDelivery, quiet, throwFromCheckout } from './accounting';

type Json = Record<string, any>;

function envelopeOf(body: string): { header: Json; items: [Json, Json][] } {
  const [header, items] = parseEnvelope(body) as unknown as [Json, [Json, Json | Uint8Array][]];
  return {
    header,
    items: items.map(([h, p]) => [h, p instanceof Uint8Array ? JSON.parse(new TextDecoder().decode(p)) : p] as [Json, Json]),
  };
}

describe('parseDsn', () => {
  it('reads key, host, port, path and project', () => {
    const dsn = parseDsn('https://abc123@o1.ingest.sentry.io/4505');
    expect(dsn).toMatchObject({ protocol: 'https', publicKey: 'abc123', host: 'o1.ingest.sentry.io', path: '', projectId: '4505' });
    const self = parseDsn('http://key:secret@sentry.local:9000/sub/path/7');
    expect(self).toMatchObject({ protocol: 'http', publicKey: 'key', host: 'sentry.local:9000', path: '/sub/path', projectId: '7' });
    expect(self.toString()).toBe('http://key@sentry.local:9000/sub/path/7');
  });

  it.each([
    [undefined, /option "dsn" is required/],
    ['', /option "dsn" is required/],
    ['not a dsn', /not a URL/],
    ['ftp://key@host/1', /protocol must be http or https/],
    ['https://sentry.io/1', /public key/],
    ['https://key@sentry.io/', /project id .* missing/],
    ['https://key@sentry.io/abc', /project id must be numeric/],
    ['https://key@sentry.io/1?x=1', /query string/],
  ])('rejects %s with a message naming the problem', (dsn, problem) => {
    expect(() => sentryTransport({ dsn: dsn as string })).toThrow(problem);
  });

  it('rejects a bad tunnel URL at init', () => {
    expect(() => sentryTransport({ dsn: 'https://k@h/1', tunnel: 'nope' })).toThrow(/"tunnel" is not a valid URL/);
  });
});

describe('sentryRateLimitMs', () => {
  it('applies limits for the error category, all categories, and takes the longest', () => {
    expect(sentryRateLimitMs(null)).toBeUndefined();
    expect(sentryRateLimitMs('60:error:organization')).toBe(60_000);
    expect(sentryRateLimitMs('30::organization:quota_exceeded')).toBe(30_000);
    expect(sentryRateLimitMs('10:transaction;error:project, 120:error:key')).toBe(120_000);
    expect(sentryRateLimitMs('2.5:default;error:key:spike_protection:custom')).toBe(2500);
  });
  it('ignores limits for other categories (0: nothing to pause)', () => {
    expect(sentryRateLimitMs('60:transaction;replay:organization')).toBe(0);
  });
});

describe('sentryTransport against a local server', () => {
  let server: Collector;
  beforeEach(async () => {
    server = await startCollector();
  });
  afterEach(async () => {
    await server.close();
  });

  const dsnFor = (c: Collector, path = '') => c.url.replace('http://', 'http://pubkey123@') + `${path}/42`;

  it('posts one envelope per event that Sentry’s own parser reads, with the event field by field', async () => {
    const client = createClient({
      release: 'shop@1.2.3',
      environment: 'production',
      transports: [sentryTransport({ dsn: dsnFor(server, '/sentry') })],
      logger: quiet,
      sendDefaultPii: true,
      platform: {
        name: 'node',
        // A runtime that adds source lines brings core's scrubber for them (without it core removes them).
        scrubContextLines: contextLineScrubber,
        enrich(event: Event) {
          const top = event.exceptions[0]?.frames.at(-1);
          if (top) top.context = { pre: ['function chargeCard(message) {'], line: '  throw new TypeError(message);', post: ['}'] };
          event.serverName = 'web-1';
        },
      },
    });
    client.setTag('region', 'eu');
    client.setUser({ id: '7', email: 'ann@example.com', ip: '10.0.0.1' });
    client.setContext('order', { id: 99 });
    client.addBreadcrumb({ category: 'ui', message: 'clicked pay', data: { button: 'pay' } });
    const before = Math.floor(Date.now() / 1000) * 1000;
    const cause = new Error('gateway timeout');
    const error = throwFromCheckout('card declined – “ünïcode”');
    (error as Error & { cause?: unknown }).cause = cause;
    const id = client.captureException(error, {
      request: { method: 'POST', url: 'https://shop.example/pay?x=1', headers: { 'user-agent': 'test' }, query: 'x=1' },
    });
    client.captureMessage('second one', 'warning');
    expect(await client.flush(3000)).toBe(true);

    expect(server.requests).toHaveLength(2);
    const req = server.requests[0];
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/sentry/api/42/envelope/');
    expect(req.headers['x-sentry-auth']).toMatch(/^Sentry sentry_version=7, sentry_key=pubkey123, sentry_client=bugmastery\.javascript\/\d+\.\d+\.\d+/);
    expect(req.headers['content-type']).toBe('application/x-sentry-envelope');

    const { header, items } = envelopeOf(req.body);
    expect(header.event_id).toBe(id);
    expect(header.dsn).toBe(dsnFor(server, '/sentry'));
    expect(new Date(header.sent_at).toISOString()).toBe(header.sent_at);
    expect(header.sdk.name).toBe('bugmastery.javascript');
    expect(items).toHaveLength(1);
    const [itemHeader, e] = items[0];
    expect(itemHeader.type).toBe('event');
    // length is bytes, not characters: the message has non-ASCII characters.
    const lines = req.body.split('\n');
    expect(itemHeader.length).toBe(new TextEncoder().encode(lines.slice(2).join('\n')).length);

    expect(e.event_id).toBe(id);
    expect(typeof e.timestamp).toBe('number');
    expect(e.timestamp * 1000).toBeGreaterThanOrEqual(before);
    expect(e.timestamp * 1000).toBeLessThanOrEqual(Date.now());
    expect(e).toMatchObject({
      platform: 'node',
      level: 'error',
      release: 'shop@1.2.3',
      environment: 'production',
      server_name: 'web-1',
      tags: { region: 'eu' },
      user: { id: '7', ip_address: '10.0.0.1' },
      contexts: { order: { id: 99 } },
      sdk: { name: 'bugmastery.javascript' },
      request: { method: 'POST', url: 'https://shop.example/pay?x=1', headers: { 'user-agent': 'test' }, query_string: 'x=1' },
    });
    expect(e.fingerprint).toHaveLength(1);
    expect(e.fingerprint[0]).toMatch(/^[0-9a-f]+$/);
    expect(e.breadcrumbs.values).toEqual([expect.objectContaining({ category: 'ui', message: 'clicked pay', level: 'info', data: { button: 'pay' } })]);
    expect(typeof e.breadcrumbs.values[0].timestamp).toBe('number');

    // Chained: Sentry wants the cause first and the error caught last at the end.
    expect(e.exception.values.map((v: Json) => v.type)).toEqual(['Error', 'TypeError']);
    const outer = e.exception.values[1];
    expect(outer.value).toBe('card declined – “ünïcode”');
    expect(outer.mechanism).toEqual({ type: 'generic', handled: true });
    expect(e.exception.values[0].mechanism).toEqual({ type: 'chained', handled: true });
    const frames = outer.stacktrace.frames as Json[];
    const top = frames.at(-1)!;
    expect(top).toMatchObject({ function: 'chargeCard', in_app: true });
    expect(top.filename).toContain('accounting.ts');
    expect(top.abs_path).toBeUndefined(); // filename only: file names are not sent twice
    expect(typeof top.lineno).toBe('number');
    expect(typeof top.colno).toBe('number');
    expect(top.pre_context).toEqual(['function chargeCard(message) {']);
    expect(top.context_line).toBe('  throw new TypeError(message);');
    expect(top.post_context).toEqual(['}']);
    expect(frames.at(-2)!.function).toBe('throwFromCheckout');

    const message = envelopeOf(server.requests[1].body).items[0][1];
    expect(message).toMatchObject({ level: 'warning', message: 'second one' });
    expect(message.exception).toBeUndefined();
    expectAccounted(client);
    expect(client.stats().transports.sentry).toMatchObject({ sent: 2, requests: 2 });
  });

  it('sends to a tunnel without the auth header, and leaves grouping to Sentry when useFingerprint is false', async () => {
    const client = createClient({
      transports: [sentryTransport({ dsn: 'https://k@o1.ingest.sentry.io/5', tunnel: `${server.url}/tunnel`, useFingerprint: false })],
      logger: quiet,
    });
    client.captureException(new Error('x'));
    await client.flush(2000);
    expect(server.requests[0].url).toBe('/tunnel');
    expect(server.requests[0].headers['x-sentry-auth']).toBeUndefined();
    const { header, items } = envelopeOf(server.requests[0].body);
    expect(header.dsn).toBe('https://k@o1.ingest.sentry.io/5');
    expect(items[0][1].fingerprint).toBeUndefined();
    expect(items[0][1].platform).toBe('javascript');
  });

  it('pauses only itself on 429 with X-Sentry-Rate-Limits; the other transport keeps delivering', async () => {
    const other = await startCollector();
    try {
      server.respond = () => ({ status: 429, headers: { 'x-sentry-rate-limits': '60:error:organization:quota_exceeded', 'retry-after': '1' } });
      const client = createClient({
        transports: [sentryTransport({ dsn: dsnFor(server) }), httpTransport({ url: other.url })],
        logger: quiet,
        delivery: fastDelivery,
        dedupeWindowMs: 0,
        batch: { maxEvents: 1 },
      });
      for (let i = 0; i < 5; i++) client.captureException(new Error(`boom ${i}`));
      expect(await client.flush(3000)).toBe(true);
      // One request told Sentry's transport to rest; the others never left.
      expect(server.requests).toHaveLength(1);
      expect(client.stats().transports.sentry).toMatchObject({ requests: 1, sent: 0, failed: 5 });
      expect(other.requests).toHaveLength(5);
      expect(client.stats().delivered).toBe(5);
      expectAccounted(client);

      // With the other transport gone, the pause shows as `backoff`.
      const alone = createClient({ transports: [sentryTransport({ dsn: dsnFor(server) })], logger: quiet, delivery: fastDelivery, dedupeWindowMs: 0 });
      alone.captureException(new Error('a'));
      alone.captureException(new Error('b'));
      await alone.flush(2000);
      expect(alone.stats().dropped.backoff).toBe(2);
      expectAccounted(alone);
    } finally {
      await other.close();
    }
  });

  it('pauses after a 200 that carries an error rate limit, but not for a transaction-only limit', async () => {
    const limits = ['60:transaction:key', '60::key'];
    server.respond = (_req, i) => ({ status: 200, headers: Object.fromEntries(i < limits.length ? [['x-sentry-rate-limits', limits[i]]] : []) });
    const client = createClient({
      transports: [sentryTransport({ dsn: dsnFor(server) })],
      logger: quiet,
      delivery: fastDelivery,
      dedupeWindowMs: 0,
      batch: { maxEvents: 1 },
    });
    for (let i = 0; i < 3; i++) {
      client.captureException(new Error(`e${i}`));
      await client.flush(2000);
    }
    expect(server.requests).toHaveLength(2);
    expect(client.stats()).toMatchObject({ delivered: 2, dropped: { backoff: 1 } });
    expectAccounted(client);
  });
});
