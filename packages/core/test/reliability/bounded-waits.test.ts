import { describe, expect, it } from 'vitest';
import { createClient, httpTransport, type Event, type FetchLike, type Transport } from '../../src';
import { expectAccounted, fastDelivery, faultSuite, httpServer, memoryLogger, reasons, recorder } from './harness';

/**
 * Every wait in the pipeline is bounded, whatever a transport, a fetch or an option does: a
 * write or encode that never settles, a response with no headers, a timeout of Infinity or 2^31.
 * Each case ends with every event accounted for.
 */

const track = faultSuite();

const okServer = () => track(httpServer((_q, res) => res.writeHead(200).end('{}')));

const never = (): Promise<never> => new Promise<never>(() => undefined);

describe('a transport that never settles holds only itself, for at most delivery.timeoutMs', () => {
  it.each([
    ['write', { name: 'stuck', write: never } as Transport],
    ['encode', { name: 'stuck', encode: never } as unknown as Transport],
  ])('%s never settles: it fails by timeout, the healthy transport delivers, nothing stays pending', async (_what, stuck) => {
    const server = await okServer();
    const log = memoryLogger();
    const client = createClient({
      transports: [httpTransport({ url: server.url, name: 'http' }), stuck],
      logger: log,
      dedupeWindowMs: 0,
      batch: { maxEvents: 5, maxDelayMs: 1 },
      // Long enough that the healthy loopback request never times out on a loaded machine (it would be retried: 2 hits).
      delivery: { ...fastDelivery, timeoutMs: 1000 },
    });
    for (let i = 0; i < 5; i++) client.captureException(new Error(`stuck ${i}`));
    expect(await client.flush(3000)).toBe(true);
    const s = expectAccounted(client);
    expect(s.delivered).toBe(5); // the healthy transport took them
    expect(s.transports.stuck.failed).toBe(5);
    expect(server.hits).toHaveLength(1);
    expect(log.lines.some((l) => l.includes('stuck') && l.includes('timeout (1000 ms)'))).toBe(true);
  });
});

describe('timeouts out of setTimeout range', () => {
  const slowFetch: FetchLike = async () => {
    await new Promise((r) => setTimeout(r, 30));
    return { status: 200, headers: { get: () => null } };
  };

  it('delivery.timeoutMs of 2^31 does not fire at once (setTimeout would overflow to 1 ms)', async () => {
    const client = createClient({ transports: [httpTransport({ url: 'https://collector.test/e', fetch: slowFetch })], logger: memoryLogger(), delivery: { timeoutMs: 2 ** 31, maxRetries: 0 } });
    client.captureException(new Error('slow but fine'));
    expect(await client.flush(3000)).toBe(true);
    expect(expectAccounted(client).delivered).toBe(1);
  });

  it.each([Infinity, 2 ** 31])('flush(%s) and close() with it wait for the delivery instead of giving up after 1 ms', async (timeout) => {
    const client = createClient({ transports: [httpTransport({ url: 'https://collector.test/e', fetch: slowFetch })], logger: memoryLogger() });
    client.captureException(new Error('flushed'));
    expect(await client.flush(timeout)).toBe(true);
    client.captureException(new TypeError('closed'));
    expect(await client.close(timeout)).toBe(true);
    expect(expectAccounted(client).delivered).toBe(2);
  });

  it.each([Infinity, NaN, '5000', -1])('beforeSendTimeoutMs %s: an async beforeSend is still awaited (bad values fall back to 5000)', async (value) => {
    const rec = recorder();
    const client = createClient({
      transports: [rec],
      logger: memoryLogger(),
      beforeSendTimeoutMs: value as number,
      beforeSend: async (e) => {
        await new Promise((r) => setTimeout(r, 20));
        return e;
      },
    });
    client.captureException(new Error('late but wanted'));
    expect(await client.flush(3000)).toBe(true);
    // -1 is a number: clamped to 0, the event times out, deliberately.
    expect(reasons(expectAccounted(client))).toEqual(value === -1 ? { beforeSend: 1 } : {});
    expect(rec.events).toHaveLength(value === -1 ? 0 : 1);
  });
});

describe('odd answers from fetch or a transport', () => {
  it('a response without headers, or with a status string, is judged by its status; earlier chunks keep their outcome', async () => {
    const answers: unknown[] = [{ status: 200 }, { status: '503' }, { status: 503, headers: null }, { status: 200, headers: 'odd' }, null];
    const fetch = (async () => answers.shift()) as unknown as FetchLike;
    const log = memoryLogger();
    const t = { ...httpTransport({ url: 'https://collector.test/e', fetch }), maxBatch: 1 };
    const client = createClient({ transports: [t], logger: log, dedupeWindowMs: 0, batch: { maxEvents: 3, maxDelayMs: 1 }, delivery: { ...fastDelivery, maxRetries: 3 } });
    for (let i = 0; i < 3; i++) client.captureException(new Error(`answer ${i}`));
    expect(await client.flush(3000)).toBe(true);
    const s = expectAccounted(client);
    // Chunk 1: 200. Chunk 2: "503", 503 without headers (both retried), 200 with unreadable headers. Chunk 3: no response at all.
    expect(s.delivered).toBe(2);
    expect(reasons(s)).toEqual({ transportFailed: 1 });
    expect(s.transports.http).toMatchObject({ sent: 2, failed: 1, requests: 5, retried: 2 });
    expect(log.lines.some((l) => l.includes('HTTP 0 (not retried)'))).toBe(true);
  });

  it('maxBatch NaN (or 0) sends the batch whole instead of an empty request', async () => {
    const server = await okServer();
    for (const maxBatch of [NaN, 0, -2]) {
      const client = createClient({ transports: [{ ...httpTransport({ url: server.url }), maxBatch }], logger: memoryLogger(), dedupeWindowMs: 0, batch: { maxEvents: 2, maxDelayMs: 1 } });
      client.captureException(new Error('one'));
      client.captureException(new TypeError('two'));
      expect(await client.flush(3000)).toBe(true);
      expect(expectAccounted(client).delivered).toBe(2);
    }
    expect(server.hits.map((h) => (JSON.parse(h.body) as { events: Event[] }).events.length)).toEqual([2, 2, 2]);
  });

  it('an async beforeSend resolving to something whose getters throw: dropped as beforeSend, nothing left pending', async () => {
    const log = memoryLogger();
    const hostile = Object.defineProperty({}, 'id', { get: () => { throw new Error('getter'); } });
    const client = createClient({ transports: [recorder()], logger: log, beforeSend: async () => hostile as Event });
    client.captureException(new Error('x'));
    expect(await client.flush(2000)).toBe(true);
    expect(reasons(expectAccounted(client))).toEqual({ beforeSend: 1 });
    expect(log.lines.some((l) => l.includes('unreadable value'))).toBe(true);
  });
});

describe('replay() with what storage gave back', () => {
  it('a non-array is refused with a warning; items that are not events are left out; the transport keeps working', async () => {
    const rec = recorder();
    const log = memoryLogger();
    const client = createClient({ transports: [rec], logger: log, dedupeWindowMs: 0 });
    client.captureException(new Error('kept'));
    await client.flush(2000);
    const kept = rec.events[0];
    client.replay({ length: 1 } as never);
    client.replay([null, 42, { id: 'half' }, kept] as never);
    client.captureException(new TypeError('later'));
    expect(await client.flush(2000)).toBe(true);
    const s = expectAccounted(client);
    expect(s.captured).toBe(3); // the first capture, the one real kept event, the later capture
    expect(rec.events.map((e) => e.exceptions[0].message)).toEqual(['kept', 'kept', 'later']);
    expect(log.lines.filter((l) => /replay/.test(l))).toHaveLength(2);
  });
});
