import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { bugsnagTransport, createClient, httpTransport, pagerDutyTransport, sentryTransport, slackTransport, type Client, type Transport } from '../../src';
import { toJson } from '../../src/internal';
import { httpServer, memoryLogger, type FaultServer } from './harness';

/**
 * A library that patches a prototype (Prototype.js sets Array.prototype.toJSON) must not change
 * what is sent, and a payload that is not what was built is never counted as delivered.
 */

type Patchable = { toJSON?: unknown };
const patches: [object, string][] = [];
function patch(proto: object, fn: (this: unknown) => unknown): void {
  Object.defineProperty(proto, 'toJSON', { value: fn, writable: true, configurable: true, enumerable: false });
  patches.push([proto, 'toJSON']);
}
afterEach(() => {
  for (const [proto, key] of patches.splice(0)) delete (proto as Record<string, unknown>)[key];
  expect((Array.prototype as Patchable).toJSON).toBeUndefined();
});

let server: FaultServer;
beforeAll(async () => {
  server = await httpServer((_q, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
});
afterAll(() => server.close());

let caseNo = 0;
function transports(path: string): Transport[] {
  const base = server.url.replace('/ingest', '');
  return [
    httpTransport({ url: `${base}/${path}/http` }),
    httpTransport({ url: `${base}/${path}/ndjson`, format: 'ndjson', name: 'ndjson' }),
    sentryTransport({ dsn: `http://publickey@127.0.0.1:${server.port}/42`, tunnel: `${base}/${path}/sentry` }),
    bugsnagTransport({ apiKey: '0123456789abcdef0123456789abcdef', endpoint: `${base}/${path}/bugsnag` }),
    slackTransport({ webhookUrl: `${base}/${path}/slack`, notifyAt: [1], minIntervalMs: 0 }),
    pagerDutyTransport({ routingKey: 'R0UTINGKEY0123456789012345678901', endpoint: `${base}/${path}/pagerduty`, minLevel: 'debug' }),
  ];
}

/** Captures with the prototypes as they are now; returns the client and each transport's raw bodies. */
async function capture(): Promise<{ client: Client; bodies: Map<string, string>; id: string }> {
  const path = `p${++caseNo}`;
  const client = createClient({ transports: transports(path), logger: memoryLogger(), dedupeWindowMs: 0 });
  client.addBreadcrumb({ message: 'before', data: { list: [1, 2, 3], nested: { a: [true] } } });
  client.setContext('order', { items: [{ sku: 'A1' }, { sku: 'B2' }] });
  const id = client.captureException(new Error('patched prototypes'), { tags: { area: 'checkout' } })!;
  expect(await client.flush(5000)).toBe(true);
  const bodies = new Map<string, string>();
  for (const hit of server.hits) {
    const m = /^\/([^/]+)\/([^/?]+)/.exec(hit.url);
    if (m && m[1] === path) bodies.set(m[2], hit.body);
  }
  return { client, bodies, id };
}

/** The http transport's event, parsed, and a check that every service payload is the real thing. */
function checkWire(bodies: Map<string, string>, id: string): void {
  const http = JSON.parse(bodies.get('http')!) as { events: Record<string, any>[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
  expect(Array.isArray(http.events)).toBe(true);
  const event = http.events[0];
  expect(event.id).toBe(id);
  expect(event.exceptions[0].message).toBe('patched prototypes');
  expect(event.breadcrumbs[0].data.list).toEqual([1, 2, 3]);
  expect(event.contexts.order.items).toEqual([{ sku: 'A1' }, { sku: 'B2' }]);
  expect(JSON.parse(bodies.get('ndjson')!.trim()).id).toBe(id);
  const envelope = bodies.get('sentry')!.split('\n');
  expect(JSON.parse(envelope[0]).event_id).toBe(id);
  expect(JSON.parse(envelope[2]).exception.values[0].value).toBe('patched prototypes');
  expect(JSON.parse(bodies.get('bugsnag')!).events[0].exceptions[0].message).toBe('patched prototypes');
  expect(Array.isArray(JSON.parse(bodies.get('slack')!).blocks)).toBe(true);
  expect(JSON.parse(bodies.get('pagerduty')!).payload.custom_details.event_id).toBe(id);
}

describe('a patched prototype cannot corrupt a delivery', () => {
  it('Array.prototype.toJSON (Prototype.js): every transport sends the event as built', async () => {
    patch(Array.prototype, function (this: unknown[]) {
      return `ARRAY:${this.length}`;
    });
    const { client, bodies, id } = await capture();
    checkWire(bodies, id);
    expect(client.stats().delivered).toBe(1);
  });

  it('Object.prototype.toJSON: objects stay objects', async () => {
    patch(Object.prototype, () => ({}));
    const { client, bodies, id } = await capture();
    checkWire(bodies, id);
    expect(client.stats().delivered).toBe(1);
  });

  it('toJson ignores only the inherited patches: a Date\'s toJSON and a class\'s own still apply', () => {
    patch(Array.prototype, () => 'ARRAY');
    patch(Object.prototype, () => ({}));
    class Money {
      toJSON() {
        return '12.50 EUR';
      }
    }
    const value = { when: new Date(0), price: new Money(), list: [1, undefined, () => 1], skip: undefined, n: NaN, s: 'q"' };
    expect(toJson(value)).toBe('{"when":"1970-01-01T00:00:00.000Z","price":"12.50 EUR","list":[1,null,null],"n":null,"s":"q\\""}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => toJson(cyclic)).toThrow(TypeError);
  });

  it('toJson under patched prototypes writes every kind of leaf as JSON.stringify does unpatched', () => {
    const value = {
      s: 'a\u2028"\n\uD800',
      t: true,
      f: false,
      zero: -0,
      big: 1e21,
      tiny: 5e-324,
      inf: -Infinity,
      boxed: [new Number(2), new String('x'), new Boolean(false)],
      sym: Symbol('s'),
      fn() {},
      u: undefined,
      nil: null,
      list: [Symbol('t'), undefined, () => 0, null, NaN],
    };
    const expected = JSON.stringify(value);
    patch(Array.prototype, () => 'ARRAY');
    patch(Object.prototype, () => ({}));
    expect(toJson(value)).toBe(expected);
    expect(toJson('top')).toBe('"top"');
    expect(() => toJson({ n: 1n })).toThrow(TypeError);
  });

  it('a JSON.stringify replaced before the SDK loaded: the payloads fail their check and are counted failed, never delivered', async () => {
    const native = JSON.stringify;
    vi.resetModules();
    JSON.stringify = ((value: unknown) => (value && typeof value === 'object' ? '{}' : native(value))) as typeof JSON.stringify;
    let fresh: typeof import('../../src');
    try {
      fresh = await import('../../src');
    } finally {
      JSON.stringify = native;
    }
    const base = server.url.replace('/ingest', '');
    const client = fresh.createClient({
      transports: [fresh.httpTransport({ url: `${base}/replaced/http` }), fresh.bugsnagTransport({ apiKey: '0123456789abcdef0123456789abcdef', endpoint: `${base}/replaced/bugsnag` })],
      logger: memoryLogger(),
    });
    client.captureException(new Error('replaced stringify'));
    await client.flush(5000);
    const s = client.stats();
    expect(s.delivered).toBe(0);
    expect(s.dropped.transportFailed).toBe(1);
    expect(server.hits.filter((h) => h.url.startsWith('/replaced/'))).toEqual([]);
  });
});
