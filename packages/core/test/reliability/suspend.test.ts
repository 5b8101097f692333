import { describe, expect, it } from 'vitest';
import { createClient, httpTransport, type Client, type Event } from '../../src';
import { expectAccounted, faultSuite, httpServer, idsIn, memoryLogger, type FaultServer } from './harness';

const track = faultSuite();

/** A runtime that may be stopped without notice (a hidden page): it keeps what it is handed, and flips the switch. */
function suspendableClient(url: string, keep = true) {
  const kept: Event[] = [];
  let suspend: (on: boolean) => void = () => undefined;
  const client: Client = createClient({
    transports: [httpTransport({ url, name: 'collector' })],
    logger: memoryLogger(),
    dedupeWindowMs: 0,
    rateLimit: {},
    // Long batch delay and backoff: only suspending can get events out (or kept) before they end.
    batch: { maxDelayMs: 600_000 },
    delivery: { timeoutMs: 2000, maxRetries: 3, baseDelayMs: 600_000, maxDelayMs: 600_000 },
    platform: {
      name: 'javascript',
      persist: keep ? (_t, events) => kept.push(...events) > 0 : undefined,
      onSuspend: (fn) => void (suspend = fn),
    },
  });
  return { client, kept, suspend: (on: boolean) => suspend(on) };
}

/** Bounded wait for the collector's n-th request. */
async function requests(server: FaultServer, n: number): Promise<void> {
  for (let i = 0; i < 500 && server.hits.length < n; i++) await new Promise((r) => setTimeout(r, 5));
  expect(server.hits.length).toBeGreaterThanOrEqual(n);
}

describe('suspended (the runtime may stop without notice)', () => {
  it('a batch waiting out a backoff after a 503 is kept at once, and later batches are kept rather than sent blind', async () => {
    const server = await track(httpServer((_q, res) => res.writeHead(503).end()));
    const { client, kept, suspend } = suspendableClient(server.url);
    const first = client.captureException(new Error('refused'))!;
    await client.flush(0); // hand the batch to delivery; it is refused and waits 10 minutes to retry
    await requests(server, 1);
    suspend(true);
    const second = client.captureException(new Error('after the refusal'))!;
    expect(await client.flush(5000)).toBe(true);
    expect(kept.map((e) => e.id)).toEqual([first, second]);
    const s = expectAccounted(client);
    expect(s.persisted).toBe(2);
    expect(s.transports.collector).toMatchObject({ persisted: 2, requests: 1, retried: 0 });
    expect(server.hits).toHaveLength(1);
  });

  it('what is queued goes out at once, without waiting for the batch timer', async () => {
    const server = await track(httpServer((_q, res) => res.writeHead(200).end('{}')));
    const { client, kept, suspend } = suspendableClient(server.url);
    const queued = client.captureException(new Error('queued'))!;
    suspend(true);
    await requests(server, 1);
    // Queued while suspended (e.g. after an async beforeSend): no batch timer either.
    const later = client.captureException(new Error('while suspended'))!;
    await requests(server, 2);
    expect(server.hits.flatMap((h) => idsIn(h.body))).toEqual([queued, later]);
    expect(await client.flush(5000)).toBe(true);
    expect(kept).toEqual([]);
    expect(expectAccounted(client).delivered).toBe(2);
  });

  it('where nothing can keep it, the retry goes at once instead of after the backoff', async () => {
    const server = await track(httpServer((_q, res, _b, i) => res.writeHead(i === 0 ? 503 : 200).end('{}')));
    const { client, suspend } = suspendableClient(server.url, false);
    const id = client.captureException(new Error('refused once'))!;
    await client.flush(0);
    await requests(server, 1);
    suspend(true);
    expect(await client.flush(5000)).toBe(true);
    expect(server.hits.flatMap((h) => idsIn(h.body))).toEqual([id, id]);
    expect(expectAccounted(client).delivered).toBe(1);
  });

  it('shown again, retries wait out their backoff as before', async () => {
    const server = await track(httpServer((_q, res) => res.writeHead(503).end()));
    const { client, kept, suspend } = suspendableClient(server.url);
    suspend(true);
    suspend(false);
    client.captureException(new Error('refused'));
    await client.flush(0);
    await requests(server, 1);
    expect(await client.flush(50)).toBe(false);
    expect(kept).toEqual([]);
    expect(client.stats().pending).toBe(1);
    await client.close(0);
  });
});
