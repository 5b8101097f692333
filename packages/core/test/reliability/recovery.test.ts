import { describe, expect, it } from 'vitest';
import { createClient, httpTransport, type Client } from '../../src';
import { closedPort, expectAccounted, faultSuite, httpServer, idsIn, memoryLogger } from './harness';

const track = faultSuite();

/** Retries that outlast a short outage: the retry budget is what "down for a while" may cost. */
const patient = { timeoutMs: 500, maxRetries: 12, baseDelayMs: 10, maxDelayMs: 40, breakerThreshold: 1000 };

function client(url: string): Client {
  return createClient({
    transports: [httpTransport({ url, name: 'collector' })],
    logger: memoryLogger(),
    dedupeWindowMs: 0,
    rateLimit: {},
    batch: { maxEvents: 5, maxDelayMs: 1 },
    delivery: patient,
  });
}

function capture(c: Client, n: number): string[] {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = c.captureException(new Error(`during outage ${i}`));
    if (id) ids.push(id);
  }
  return ids;
}

/** What a collector that dedupes by event id ends up storing, and how often each id arrived. */
function stored(server: FaultServer): Map<string, number> {
  const seen = new Map<string, number>();
  for (const hit of server.hits) for (const id of idsIn(hit.body)) seen.set(id, (seen.get(id) ?? 0) + 1);
  return seen;
}

describe('a collector that is down for a while, then back', () => {
  it('refusing the first connections (resets): every event delivered exactly once', async () => {
    const server = await track(httpServer((_q, res) => res.writeHead(200).end('{}'), (_socket, i) => i >= 8));
    const c = client(server.url);
    const ids = capture(c, 30);
    expect(ids).toHaveLength(30);
    expect(await c.flush(10_000)).toBe(true);
    const s = expectAccounted(c);
    expect(s.delivered).toBe(30);
    expect(s.transports.collector.sent).toBe(30);
    expect(s.transports.collector.retried).toBeGreaterThan(0);
    const seen = stored(server);
    expect([...seen.keys()].sort()).toEqual([...ids].sort());
  });

  it('truly refused (nothing listening) until the collector starts on that port', async () => {
    const port = await closedPort();
    const c = client(`http://127.0.0.1:${port}/ingest`);
    const ids = capture(c, 12);
    // Wait (bounded) until the client has hit the closed port a few times, then bring the collector up.
    for (let i = 0; i < 200 && c.stats().transports.collector.requests < 3; i++) await new Promise((r) => setTimeout(r, 5));
    expect(c.stats().transports.collector.requests).toBeGreaterThanOrEqual(3);
    const server = await track(httpServer((_q, res) => res.writeHead(200).end('{}'), undefined, port));
    expect(await c.flush(10_000)).toBe(true);
    const s = expectAccounted(c);
    expect(s.delivered).toBe(12);
    expect([...stored(server).keys()].sort()).toEqual([...ids].sort());
  });

  it('answers lost after the collector stored them: retries reuse the ids, so the collector dedupes to exactly once', async () => {
    // Reads every request, then for the first four drops the connection instead of answering.
    const server = await track(httpServer((_q, res, _b, i) => (i < 4 ? res.socket?.destroy() : res.writeHead(200).end('{}'))));
    const c = client(server.url);
    const ids = capture(c, 10);
    expect(await c.flush(10_000)).toBe(true);
    expect(expectAccounted(c).delivered).toBe(10);
    const seen = stored(server);
    expect([...seen.keys()].sort()).toEqual([...ids].sort());
    // Some ids arrived more than once (the lost answers), none arrived under a new id.
    expect([...seen.values()].some((n) => n > 1)).toBe(true);
    expect(server.hits.reduce((n, h) => n + idsIn(h.body).length, 0)).toBeGreaterThan(10);
  });

  it('503 storms with Retry-After: 0 then recovery: delivered once, nothing lost', async () => {
    const server = await track(httpServer((_q, res, _b, i) => (i < 6 ? res.writeHead(503, { 'retry-after': '0' }).end() : res.writeHead(202).end())));
    const c = client(server.url);
    const ids = capture(c, 20);
    expect(await c.flush(10_000)).toBe(true);
    expect(expectAccounted(c).delivered).toBe(20);
    const accepted = server.hits.slice(6).flatMap((h) => idsIn(h.body));
    expect(accepted.sort()).toEqual([...ids].sort());
  });
});
