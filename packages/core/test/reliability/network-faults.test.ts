import { describe, expect, it } from 'vitest';
import { createClient, httpTransport, type Client } from '../../src';
import { closedPort, expectAccounted, fastDelivery, faultSuite, httpServer, idsIn, memoryLogger, reasons, recorder, tcpServer } from './harness';

const track = faultSuite();


/** A client with the faulty endpoint plus a healthy local transport that must not notice. */
function clientFor(url: string, extra: Record<string, unknown> = {}): { client: Client; healthy: ReturnType<typeof recorder> } {
  const healthy = recorder('healthy');
  const client = createClient({
    transports: [httpTransport({ url, name: 'faulty' }), healthy],
    logger: memoryLogger(),
    dedupeWindowMs: 0,
    batch: { maxEvents: 1, maxDelayMs: 1 },
    delivery: { ...fastDelivery, ...extra },
  });
  return { client, healthy };
}

async function captureAndFlush(client: Client, n: number, timeoutMs = 5000): Promise<boolean> {
  for (let i = 0; i < n; i++) client.captureException(new Error(`fault ${i}`));
  const done = await client.flush(timeoutMs);
  expect(typeof done).toBe('boolean');
  return done;
}

/** Faults that end in "retry, then drop as transportFailed". */
const retried: [string, () => Promise<string>, Record<string, number>?][] = [
  ['connection refused', async () => `http://127.0.0.1:${await closedPort()}/ingest`],
  ['DNS failure (.invalid never resolves)', async () => 'http://collector.bugmastery.invalid/ingest'],
  ['server that hangs (timeout)', async () => (await track(httpServer(() => undefined))).url, { timeoutMs: 50 }],
  ['reset before any answer', async () => (await track(tcpServer((socket) => socket.once('data', () => socket.destroy())))).url],
  ['reset mid-body (headers sent, body cut)', async () =>
    (await track(tcpServer((socket) => socket.once('data', () => {
      socket.write('HTTP/1.1 503 Service Unavailable\r\ncontent-length: 1000\r\n\r\npartial');
      setTimeout(() => socket.destroy(), 5);
    })))).url],
  ['garbage instead of HTTP', async () => (await track(tcpServer((socket) => socket.once('data', () => socket.end('\x00\x01garbage\r\n\r\nnot http at all'))))).url],
  ['HTTP 500', async () => (await track(httpServer((_q, res) => res.writeHead(500).end('err')))).url],
  ['HTTP 502', async () => (await track(httpServer((_q, res) => res.writeHead(502).end('bad gateway')))).url],
  ['HTTP 503', async () => (await track(httpServer((_q, res) => res.writeHead(503).end()))).url],
  ['HTTP 503 with Retry-After: 0', async () => (await track(httpServer((_q, res) => res.writeHead(503, { 'retry-after': '0' }).end()))).url],
];

describe('failing networks: retried, then dropped as transportFailed', () => {
  it.each(retried)('%s', async (_name, endpoint, extra) => {
    const url = await endpoint();
    const { client, healthy } = clientFor(url, extra);
    expect(await captureAndFlush(client, 3)).toBe(true);
    const s = expectAccounted(client);
    // Every event still reached the healthy transport, so every event is delivered.
    expect(healthy.events).toHaveLength(3);
    expect(s.delivered).toBe(3);
    expect(s.transports.healthy.sent).toBe(3);
    const faulty = s.transports.faulty;
    expect(faulty.sent).toBe(0);
    expect(faulty.failed).toBe(3);
    expect(faulty.retried).toBe(3 * fastDelivery.maxRetries!);
    expect(faulty.requests).toBe(3 * (fastDelivery.maxRetries! + 1));
  });

  it('alone, a failing transport drops with reason transportFailed', async () => {
    const client = createClient({
      transports: [httpTransport({ url: `http://127.0.0.1:${await closedPort()}/x` })],
      logger: memoryLogger(),
      dedupeWindowMs: 0,
      delivery: fastDelivery,
    });
    expect(await captureAndFlush(client, 2)).toBe(true);
    expect(reasons(expectAccounted(client))).toEqual({ transportFailed: 2 });
  });
});

describe('answers that are not retried', () => {
  it('413: dropped without retries (a bigger retry cannot succeed)', async () => {
    const server = await track(httpServer((_q, res) => res.writeHead(413).end()));
    const { client } = clientFor(server.url);
    await captureAndFlush(client, 2);
    const s = expectAccounted(client);
    expect(s.transports.faulty).toMatchObject({ failed: 2, retried: 0, requests: 2 });
    expect(server.hits).toHaveLength(2);
  });

  it('429 with Retry-After: pause the transport, count backoff, send nothing meanwhile', async () => {
    const server = await track(httpServer((_q, res) => res.writeHead(429, { 'retry-after': '60' }).end()));
    const client = createClient({
      transports: [httpTransport({ url: server.url, name: 'faulty' })],
      logger: memoryLogger(),
      dedupeWindowMs: 0,
      batch: { maxEvents: 1, maxDelayMs: 1 },
      delivery: fastDelivery,
    });
    await captureAndFlush(client, 4);
    const s = expectAccounted(client);
    expect(reasons(s)).toEqual({ backoff: 4 });
    // One request learned the pause; the other three were never sent.
    expect(server.hits).toHaveLength(1);
    expect(s.transports.faulty.requests).toBe(1);
    expect(s.transports.faulty.retried).toBe(0);
  });

  it('429 without Retry-After pauses too (default pause)', async () => {
    const server = await track(httpServer((_q, res) => res.writeHead(429).end()));
    const { client, healthy } = clientFor(server.url);
    await captureAndFlush(client, 3);
    expectAccounted(client);
    expect(server.hits).toHaveLength(1);
    expect(healthy.events).toHaveLength(3);
  });

  it('503 then 200: retried and delivered once', async () => {
    const server = await track(httpServer((_q, res, _b, i) => res.writeHead(i === 0 ? 503 : 200).end()));
    const { client } = clientFor(server.url);
    await captureAndFlush(client, 1);
    const s = expectAccounted(client);
    expect(s.transports.faulty).toMatchObject({ sent: 1, retried: 1, requests: 2 });
    // The retry carried the same event id: the collector can dedupe.
    expect(idsIn(server.hits[0].body)).toEqual(idsIn(server.hits[1].body));
  });
});

describe('bounds while the network is down', () => {
  it('flush(timeout) settles with false while a server hangs, and later accounting is still exact', async () => {
    const server = await track(httpServer(() => undefined));
    const { client } = clientFor(server.url, { timeoutMs: 300, maxRetries: 0 });
    client.captureException(new Error('stuck'));
    expect(await client.flush(50)).toBe(false);
    expect(client.stats().pending).toBe(1);
    expect(await client.flush(5000)).toBe(true);
    expectAccounted(client);
  });

  it('an error storm against a hanging server stays bounded by maxQueue (no unbounded memory)', async () => {
    const server = await track(httpServer(() => undefined));
    const client = createClient({
      transports: [httpTransport({ url: server.url })],
      logger: memoryLogger(),
      dedupeWindowMs: 0,
      rateLimit: {},
      batch: { maxEvents: 10, maxDelayMs: 1, maxQueue: 50 },
      delivery: { ...fastDelivery, timeoutMs: 50, maxRetries: 0 },
    });
    let peak = 0;
    for (let i = 0; i < 5000; i++) {
      client.captureException(new Error(`storm ${i}`));
      peak = Math.max(peak, client.stats().pending);
    }
    expect(peak).toBeLessThanOrEqual(50);
    expect(client.stats().dropped.queueFull).toBeGreaterThanOrEqual(4950);
    expect(await client.flush(5000)).toBe(true);
    const s = expectAccounted(client);
    expect(s.captured).toBe(5000);
  });

  it('the circuit breaker stops requests after repeated failures, and what it drops is counted', async () => {
    const server = await track(httpServer((_q, res) => res.writeHead(500).end()));
    const { client, healthy } = clientFor(server.url, { maxRetries: 0, breakerThreshold: 3, breakerCooldownMs: 60_000 });
    await captureAndFlush(client, 10);
    const s = expectAccounted(client);
    expect(server.hits).toHaveLength(3);
    expect(s.transports.faulty.failed).toBe(10);
    expect(healthy.events).toHaveLength(10);
  });

  it('close(timeout) settles against a hanging server and stops retrying', async () => {
    const server = await track(httpServer(() => undefined));
    const { client } = clientFor(server.url, { timeoutMs: 100, maxRetries: 50, baseDelayMs: 10, maxDelayMs: 10 });
    client.captureException(new Error('at shutdown'));
    expect(typeof (await client.close(100))).toBe('boolean');
    expect(await client.flush(5000)).toBe(true);
    const s = expectAccounted(client);
    expect(s.transports.faulty.retried).toBeLessThan(50);
  });
});
