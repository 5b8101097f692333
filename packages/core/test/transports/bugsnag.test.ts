import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bugsnagTransport, createClient, httpTransport, type Event } from '../../src';
import { contextLineScrubber } from '../../src/internal';
import { startCollector, type Collector, type Received } from '../collector';
import { expectAccounted, fastDelivery, quiet, throwFromCheckout } from './accounting';

type Json = Record<string, any>;
const API_KEY = '0123456789abcdef0123456789abcdef';

interface BugsnagClient {
  start(config: Json): void;
  notify(error: Error, onError?: (event: Json) => void, postReport?: (err: unknown) => void): void;
  setUser(id?: string, email?: string, name?: string): void;
  leaveBreadcrumb(message: string, metadata?: Json, type?: string): void;
}

/** Field names and types both payloads fill that disagree, as "path: ours vs theirs". */
function shapeMismatches(ours: unknown, theirs: unknown, path: string, out: string[], compared: string[]): void {
  const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  if (kind(ours) !== kind(theirs)) {
    out.push(`${path}: ${kind(ours)} vs ${kind(theirs)}`);
    return;
  }
  compared.push(path);
  if (Array.isArray(ours) && Array.isArray(theirs)) {
    if (ours.length > 0 && theirs.length > 0) shapeMismatches(ours[0], theirs[0], `${path}[0]`, out, compared);
  } else if (kind(ours) === 'object') {
    const o = ours as Json;
    const t = theirs as Json;
    for (const key of Object.keys(o)) if (key in t) shapeMismatches(o[key], t[key], `${path}.${key}`, out, compared);
  }
}

describe('bugsnagTransport', () => {
  let server: Collector;
  beforeEach(async () => {
    server = await startCollector();
  });
  afterEach(async () => {
    await server.close();
  });

  it('a batch over 1 MB goes as several requests under it, and a 413 halves a batch: nothing is lost', async () => {
    const client = createClient({
      transports: [bugsnagTransport({ apiKey: API_KEY, endpoint: `${server.url}/notify` })],
      logger: quiet,
      dedupeWindowMs: 0,
      rateLimit: {},
      batch: { maxEvents: 10, maxDelayMs: 1 },
      delivery: fastDelivery,
    });
    // ≈ 200 kB each (contexts: 50 strings of 4,000 characters, the normalisation bound per string).
    const blob = (n: number, c: string) => Object.fromEntries(Array.from({ length: n }, (_, k) => [`k${k}`, c.repeat(4000)]));
    for (let i = 0; i < 10; i++) client.captureException(new Error(`big ${i}`), { contexts: { blob: blob(50, 'y') } });
    expect(await client.flush(10_000)).toBe(true);
    expect(expectAccounted(client).delivered).toBe(10);
    expect(server.requests.length).toBeGreaterThan(1);
    for (const r of server.requests) expect(Buffer.byteLength(r.body)).toBeLessThanOrEqual(1_000_000);

    // A service whose limit is lower than we know: 413 splits the batch until it fits.
    const before = server.requests.length;
    server.respond = (r) => (Buffer.byteLength(r.body) > 300_000 ? { status: 413 } : { status: 200 });
    for (let i = 0; i < 4; i++) client.captureException(new TypeError(`mid ${i}`), { contexts: { blob: blob(30, 'z') } });
    expect(await client.flush(10_000)).toBe(true);
    expect(expectAccounted(client).delivered).toBe(14);
    expect(server.requests.slice(before).some((r) => Buffer.byteLength(r.body) > 300_000)).toBe(true);
  });

  it('validates its options at init', () => {
    expect(() => bugsnagTransport({ apiKey: '' })).toThrow(/"apiKey" is required/);
    expect(() => bugsnagTransport({ apiKey: API_KEY, endpoint: 'notify.bugsnag.com' })).toThrow(/"endpoint" is not a valid URL/);
    expect(() => bugsnagTransport({ apiKey: API_KEY, maxBatch: 0 })).toThrow(/maxBatch/);
  });

  it('sends what @bugsnag/js sends for the same thrown error: same headers, same field names and types', async () => {
    // The reference: Bugsnag's own notifier, pointed at the same local endpoint.
    const require = createRequire(import.meta.url);
    const Bugsnag = require('@bugsnag/js') as BugsnagClient;
    Bugsnag.start({
      apiKey: API_KEY,
      endpoints: { notify: `${server.url}/reference`, sessions: `${server.url}/sessions` },
      autoTrackSessions: false,
      logger: null,
      appVersion: '1.2.3',
      releaseStage: 'staging',
      enabledErrorTypes: { unhandledExceptions: false, unhandledRejections: false },
    });
    Bugsnag.setUser('7', 'ann@example.com', 'Ann');
    Bugsnag.leaveBreadcrumb('clicked pay', { button: 'pay' });
    const error = throwFromCheckout();
    await new Promise<void>((resolve) =>
      Bugsnag.notify(
        error,
        (event) => {
          event.context = 'POST /pay';
          event.groupingHash = 'x';
          event.addMetadata('tags', { flow: 'checkout' });
          event.request = { httpMethod: 'POST', url: 'https://shop.example/pay', headers: { 'user-agent': 'test' } };
        },
        () => resolve(),
      ),
    );
    const theirs = server.requests.find((r) => r.url === '/reference') as Received;
    expect(theirs).toBeDefined();

    const client = createClient({
      release: '1.2.3',
      environment: 'staging',
      transports: [bugsnagTransport({ apiKey: API_KEY, endpoint: `${server.url}/ours` })],
      logger: quiet,
      sendDefaultPii: true,
      platform: { name: 'node' },
    });
    client.setUser({ id: '7', email: 'ann@example.com', username: 'Ann' });
    client.addBreadcrumb({ message: 'clicked pay', data: { button: 'pay' } });
    client.setTag('flow', 'checkout');
    const id = client.captureException(error, { request: { method: 'POST', url: 'https://shop.example/pay', headers: { 'user-agent': 'test' } } });
    expect(await client.flush(2000)).toBe(true);
    const ours = server.requests.find((r) => r.url === '/ours') as Received;

    // Headers: the same set, ours at payload version 5 (@bugsnag/js 8 still sends 4).
    const bugsnagHeaders = (h: Received['headers']) => Object.keys(h).filter((k) => k.startsWith('bugsnag-') || k === 'content-type').sort();
    expect(bugsnagHeaders(ours.headers)).toEqual(bugsnagHeaders(theirs.headers));
    expect(ours.headers).toMatchObject({ 'content-type': 'application/json', 'bugsnag-api-key': API_KEY, 'bugsnag-payload-version': '5' });
    expect(theirs.headers['bugsnag-payload-version']).toMatch(/^\d+$/);
    expect(new Date(ours.headers['bugsnag-sent-at'] as string).toISOString()).toBe(ours.headers['bugsnag-sent-at']);

    const o = JSON.parse(ours.body) as Json;
    const t = JSON.parse(theirs.body) as Json;
    const mismatches: string[] = [];
    const compared: string[] = [];
    shapeMismatches(o, t, '$', mismatches, compared);
    expect(mismatches).toEqual([]);
    // The comparison covered the parts that matter, not just the envelope.
    for (const path of [
      '$.apiKey', '$.notifier.name', '$.events[0].exceptions[0].errorClass', '$.events[0].exceptions[0].message',
      '$.events[0].exceptions[0].type', '$.events[0].exceptions[0].stacktrace[0].file', '$.events[0].exceptions[0].stacktrace[0].lineNumber',
      '$.events[0].exceptions[0].stacktrace[0].columnNumber', '$.events[0].exceptions[0].stacktrace[0].method',
      '$.events[0].exceptions[0].stacktrace[0].inProject', '$.events[0].severity', '$.events[0].severityReason.type',
      '$.events[0].unhandled', '$.events[0].app.releaseStage', '$.events[0].app.version', '$.events[0].device.time',
      '$.events[0].breadcrumbs[0].name', '$.events[0].breadcrumbs[0].type', '$.events[0].breadcrumbs[0].timestamp',
      '$.events[0].breadcrumbs[0].metaData', '$.events[0].context', '$.events[0].groupingHash', '$.events[0].metaData.tags.flow',
      '$.events[0].user.id', '$.events[0].user.email', '$.events[0].user.name', '$.events[0].request.httpMethod', '$.events[0].request.url',
    ]) expect(compared).toContain(path);

    // Values: Bugsnag's order (innermost frame first), our fingerprint as the grouping hash.
    expect(o.payloadVersion).toBe('5');
    expect(o.apiKey).toBe(API_KEY);
    const e = o.events[0];
    const ex = e.exceptions[0];
    expect(ex).toMatchObject({ errorClass: 'TypeError', message: 'card declined', type: 'nodejs' });
    expect(ex.stacktrace.map((f: Json) => f.method).slice(0, 2)).toEqual(['chargeCard', 'throwFromCheckout']);
    expect(t.events[0].exceptions[0].stacktrace[0].method).toBe('chargeCard');
    // Same frame; @bugsnag/js makes paths relative to its projectRoot, ours stay absolute.
    const ref = t.events[0].exceptions[0].stacktrace[0];
    expect(ex.stacktrace[0]).toMatchObject({ lineNumber: ref.lineNumber, columnNumber: ref.columnNumber, inProject: true });
    expect(ex.stacktrace[0].file.endsWith(ref.file)).toBe(true);
    expect(e).toMatchObject({
      severity: 'error',
      severityReason: { type: 'handledException' },
      unhandled: false,
      app: { releaseStage: 'staging', version: '1.2.3' },
      user: { id: '7', email: 'ann@example.com', name: 'Ann' },
      context: 'POST /pay',
      breadcrumbs: [{ name: 'clicked pay', type: 'manual', metaData: { button: 'pay' } }],
      metaData: { tags: { flow: 'checkout' }, bugmastery: { eventId: id, occurrences: 1 } },
    });
    expect(e.groupingHash).toMatch(/^[0-9a-f]+$/);
    expectAccounted(client);
  });

  it('sends several events in one request, with source lines as Bugsnag code maps', async () => {
    const client = createClient({
      transports: [bugsnagTransport({ apiKey: API_KEY, endpoint: server.url })],
      logger: quiet,
      dedupeWindowMs: 0,
      platform: {
        name: 'javascript',
        // A runtime that adds source lines brings core's scrubber for them (without it core removes them).
        scrubContextLines: contextLineScrubber,
        enrich(event: Event) {
          const top = event.exceptions[0]?.frames.at(-1);
          if (top?.line) top.context = { pre: ['a', 'b'], line: 'c', post: ['d'] };
        },
      },
    });
    client.captureException(new Error('one'));
    client.captureException(throwFromCheckout(), { level: 'fatal', handled: false, mechanism: 'onunhandledrejection' });
    client.captureMessage('hello', 'info');
    expect(await client.flush(2000)).toBe(true);
    expect(server.requests).toHaveLength(1);
    const body = JSON.parse(server.requests[0].body) as Json;
    expect(body.events).toHaveLength(3);
    const [one, crash, message] = body.events;
    expect(one.exceptions[0].type).toBe('browserjs');
    const line = one.exceptions[0].stacktrace[0].lineNumber as number;
    expect(one.exceptions[0].stacktrace[0].code).toEqual({ [line - 2]: 'a', [line - 1]: 'b', [line]: 'c', [line + 1]: 'd' });
    expect(crash).toMatchObject({ severity: 'error', unhandled: true, severityReason: { type: 'unhandledPromiseRejection' } });
    expect(message).toMatchObject({ severity: 'info', severityReason: { type: 'log' }, exceptions: [{ errorClass: 'Message', message: 'hello' }] });
    expect(client.stats().transports.bugsnag).toMatchObject({ sent: 3, requests: 1 });
    expectAccounted(client);
  });

  it('a failing Bugsnag (500) leaves another transport delivering; stats add up', async () => {
    const other = await startCollector();
    try {
      server.respond = () => ({ status: 500 });
      const client = createClient({
        transports: [bugsnagTransport({ apiKey: API_KEY, endpoint: server.url }), httpTransport({ url: other.url })],
        logger: quiet,
        delivery: fastDelivery,
        dedupeWindowMs: 0,
      });
      for (let i = 0; i < 4; i++) client.captureException(new Error(`e${i}`));
      expect(await client.flush(3000)).toBe(true);
      expect(client.stats().transports.bugsnag).toMatchObject({ sent: 0, failed: 4, retried: 1 });
      expect(client.stats().delivered).toBe(4);
      expectAccounted(client);
    } finally {
      await other.close();
    }
  });
});
