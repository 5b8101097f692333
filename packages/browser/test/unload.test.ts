import { describe, expect, it } from 'vitest';
import { browserFetch, KEEPALIVE_MAX_BYTES, watchPageHide } from '../src/unload';

/** Records what the delivery layer's fetch was asked to do; the real network path is covered in Chromium (e2e). */
function recordingFetch() {
  const calls: { url: string; keepalive?: boolean; release(): void }[] = [];
  const fn = ((url: string, init: RequestInit) =>
    new Promise<Response>((resolve) => {
      calls.push({ url, keepalive: init.keepalive, release: () => resolve(new Response('{}', { status: 200 })) });
    })) as typeof fetch;
  return { fn, calls };
}

describe('browserFetch', () => {
  it('uses keepalive while the in-flight keepalive bodies stay within 64 KB', async () => {
    const { fn, calls } = recordingFetch();
    const send = browserFetch(fn, { hidden: false });
    const half = 'x'.repeat(KEEPALIVE_MAX_BYTES / 2);
    const a = send('https://c.example/a', { method: 'POST', headers: {}, body: half });
    const b = send('https://c.example/b', { method: 'POST', headers: {}, body: half });
    const c = send('https://c.example/c', { method: 'POST', headers: {}, body: 'y' });
    expect(calls.map((x) => x.keepalive)).toEqual([true, true, false]);
    calls[0].release();
    await a;
    const d = send('https://c.example/d', { method: 'POST', headers: {}, body: 'z' });
    expect(calls[3].keepalive).toBe(true);
    calls.slice(1).forEach((x) => x.release());
    await Promise.all([b, c, d]);
  });

  it('beacons while hidden when the request needs no header but its content type', async () => {
    const beacons: unknown[][] = [];
    const original = navigator.sendBeacon;
    navigator.sendBeacon = (...args: unknown[]) => beacons.push(args) > 0;
    try {
      const { fn, calls } = recordingFetch();
      const page = { hidden: true };
      const send = browserFetch(fn, page);
      const res = await send('https://c.example/events', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"events":[]}' });
      expect(res.status).toBe(202);
      // Cross-origin + application/json would need a preflight: the body goes as a plain string (text/plain).
      expect(beacons).toEqual([['https://c.example/events', '{"events":[]}']]);
      // A custom header cannot ride a beacon: keepalive fetch instead.
      void send('https://c.example/events', { method: 'POST', headers: { 'bugsnag-api-key': 'k' }, body: '{}' });
      expect(calls.map((c) => c.keepalive)).toEqual([true]);
      calls[0].release();
      // Same origin: the declared type is kept (a Blob with that type).
      await send(`${location.origin}/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect((beacons[1][1] as Blob).type).toBe('application/json');
      // Neither a beacon (custom header) nor within the keepalive budget: 429 + Retry-After, so the
      // delivery layer keeps the events for the next load instead of a request the closing page cuts off.
      const big = 'x'.repeat(KEEPALIVE_MAX_BYTES + 1);
      const kept = await send('https://c.example/events', { method: 'POST', headers: { authorization: 'k' }, body: big });
      expect(kept.status).toBe(429);
      expect(kept.headers.get('Retry-After')).toBe('1');
      expect(calls).toHaveLength(1);
    } finally {
      navigator.sendBeacon = original;
    }
  });
});

describe('browserFetch.abandonPlain', () => {
  it('gives up plain requests in flight (aborted, answered "keep it"); keepalive ones go on', async () => {
    const signals: (AbortSignal | undefined)[] = [];
    const { fn, calls } = recordingFetch();
    const send = browserFetch(((url: string, init: RequestInit) => (signals.push(init.signal ?? undefined), fn(url, init))) as typeof fetch, { hidden: false });
    const kept = send('https://c.example/a', { method: 'POST', headers: {}, body: 'x'.repeat(KEEPALIVE_MAX_BYTES) });
    const plain = send('https://c.example/b', { method: 'POST', headers: {}, body: 'y' });
    expect(calls.map((c) => c.keepalive)).toEqual([true, false]);
    send.abandonPlain();
    const answer = await plain;
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('1');
    expect(signals.map((s) => s?.aborted ?? false)).toEqual([false, true]);
    calls[0].release();
    expect((await kept).status).toBe(200);
  });
});

describe('watchPageHide', () => {
  it('flags the page hidden on pagehide / visibilitychange and calls back on each change; pageshow clears it', () => {
    const page = { hidden: false };
    const changes: boolean[] = [];
    const stop = watchPageHide(page, (hidden) => changes.push(hidden));
    window.dispatchEvent(new Event('pagehide'));
    expect(page.hidden).toBe(true);
    window.dispatchEvent(new Event('pagehide')); // visibilitychange then pagehide: told once
    window.dispatchEvent(new Event('pageshow'));
    expect(page.hidden).toBe(false);
    stop();
    window.dispatchEvent(new Event('pagehide'));
    expect(changes).toEqual([true, false]);
  });
});
