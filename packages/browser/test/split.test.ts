// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, httpTransport } from '@bugmastery/core';
import { startCollector, type Collector } from './collector';

let collector: Collector | undefined;
afterEach(() => collector?.close());

describe('maxRequestBytes (browser keepalive limit) in the delivery layer', () => {
  it('splits a batch whose request would exceed the limit, and delivers every event once', async () => {
    collector = await startCollector();
    const client = createClient({
      transports: [httpTransport({ url: `${collector.url}/events` })],
      platform: { name: 'javascript', maxRequestBytes: 8_000 },
      batch: { maxEvents: 20, maxDelayMs: 10_000 },
      dedupeWindowMs: 0,
    });
    for (let i = 0; i < 20; i++) client.captureException(new Error(`event ${i} ${'x'.repeat(1_500)}`));
    expect(await client.flush(5000)).toBe(true);
    expect(collector.requests.length).toBeGreaterThan(1);
    for (const r of collector.requests) expect(Buffer.byteLength(r.body)).toBeLessThanOrEqual(8_000);
    expect(collector.events()).toHaveLength(20);
    expect(client.stats().delivered).toBe(20);
    expect(client.stats().transports.http.sent).toBe(20);
  });
});
