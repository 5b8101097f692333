import { afterEach, describe, expect, it } from 'vitest';
import { breadcrumbs, init, type BrowserClient } from '../src';
import { startCollector, type Collector } from './collector';
import { quiet, recordingTransport } from './recording';

let client: BrowserClient | undefined;
let collector: Collector | undefined;
afterEach(async () => {
  await client?.close(1000);
  await collector?.close();
});

// XHR breadcrumbs are checked in real Chromium (test/e2e): happy-dom's XHR does not reach a local server reliably.
describe('fetch breadcrumbs (real requests to a collector on 127.0.0.1)', () => {
  it('record method, URL (secret query values scrubbed), status and duration', async () => {
    collector = await startCollector();
    const rec = recordingTransport();
    client = init({ transports: [rec], logger: quiet, batch: { maxDelayMs: 1 }, integrations: [breadcrumbs()] });
    const res = await fetch(`${collector.url}/api/items?page=2&api_key=k123`, { method: 'post', body: '{}' });
    expect(res.status).toBe(200);
    await fetch('http://127.0.0.1:1/unreachable').catch(() => undefined);
    client.captureException(new Error('after requests'));
    await client.flush();
    const http = rec.events[0].breadcrumbs.filter((c) => c.type === 'http');
    expect(http.map((c) => [c.category, c.data!.method, c.data!.status_code, c.level])).toEqual([
      ['fetch', 'POST', 200, 'info'],
      ['fetch', 'GET', 0, 'error'],
    ]);
    // Core's scrubber also masks IP addresses unless sendDefaultPii is set.
    expect(http[0].data!.url).toMatch(/:\d+\/api\/items\?page=2&api_key=%5BFiltered%5D$/);
    expect(typeof http[0].data!.duration_ms).toBe('number');
  });
});
