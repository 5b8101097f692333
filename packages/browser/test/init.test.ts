import { afterEach, describe, expect, it } from 'vitest';
import { getCurrentClient, type Event, type FetchLike } from '@bugmastery/core';
import { breadcrumbs, httpTransport, init, type BrowserClient } from '../src';
import { quiet, recordingTransport } from './recording';

let client: BrowserClient | undefined;
afterEach(async () => {
  await client?.close(1000);
  client = undefined;
  localStorage.clear();
});

const start = (extra: Parameters<typeof init>[0] = {}) => {
  const rec = recordingTransport();
  client = init({ transports: [rec], logger: quiet, batch: { maxDelayMs: 1 }, ...extra });
  return { rec, client };
};

const fireError = (error: unknown, message = 'Uncaught Error: boom', filename = '') =>
  window.dispatchEvent(new ErrorEvent('error', { error, message, filename, lineno: 3, colno: 7 }));

const fireRejection = (reason: unknown) => {
  const event = new Event('unhandledrejection') as Event & { reason?: unknown };
  Object.defineProperty(event, 'reason', { value: reason });
  window.dispatchEvent(event);
};

describe('init', () => {
  it('captures window errors and unhandled rejections as unhandled (page onerror: see e2e)', async () => {
    const { rec, client } = start();
    fireError(new TypeError('boom'));
    fireRejection(new RangeError('rejected'));
    fireRejection('a plain string');
    await client.flush();
    expect(rec.events.map((e) => [e.exceptions[0].type, e.exceptions[0].mechanism])).toEqual([
      ['TypeError', { type: 'onerror', handled: false }],
      ['RangeError', { type: 'onunhandledrejection', handled: false }],
      ['Error', { type: 'onunhandledrejection', handled: false }],
    ]);
    expect(rec.events[0].sdk.name).toBe('bugmastery.browser');
    expect(rec.events[0].platform).toBe('javascript');
    expect(getCurrentClient()).toBe(client);
  });

  it('adds page contexts: url (secrets scrubbed), user agent, viewport, language', async () => {
    const { rec, client } = start();
    history.replaceState(null, '', '/checkout?step=2&token=s3cr3t');
    client.captureException(new Error('x'));
    await client.flush();
    const browser = rec.events[0].contexts.browser as Record<string, unknown>;
    expect(browser.url).toMatch(/\/checkout\?step=2&token=%5BFiltered%5D$/);
    expect(browser.userAgent).toBe(navigator.userAgent);
    expect(browser.language).toBe(navigator.language);
    expect(browser.viewport).toEqual({ width: innerWidth, height: innerHeight });
  });

  it('drops "Script error." and extension errors as ignored, counted', async () => {
    const { rec, client } = start({ denyUrls: [/ads\.example/] });
    fireError(null, 'Script error.');
    const ext = new Error('from an extension');
    ext.stack = 'Error: from an extension\n    at x (chrome-extension://abc/content.js:1:1)';
    fireError(ext);
    const ad = new Error('ad');
    ad.stack = 'Error: ad\n    at x (https://ads.example/ad.js:1:1)';
    client.captureException(ad);
    await client.flush();
    expect(rec.events).toHaveLength(0);
    expect(client.stats().dropped.ignored).toBe(3);
    expect(client.stats().captured).toBe(3);
  });

  it('rebuilds an error event without an error object from its file and line', async () => {
    const { rec, client } = start();
    fireError(undefined, 'Uncaught Error: old browser', 'https://app.example/app.js');
    await client.flush();
    expect(rec.events[0].exceptions[0].message).toBe('old browser');
    expect(rec.events[0].exceptions[0].frames.at(-1)).toMatchObject({ file: 'https://app.example/app.js', line: 3, column: 7 });
  });

  it('records console, click and navigation breadcrumbs, bounded by maxBreadcrumbs', async () => {
    const { rec, client } = start({ maxBreadcrumbs: 5, integrations: [breadcrumbs()] });
    console.log('hello', { a: 1 });
    console.warn('careful');
    document.body.innerHTML = '<div id="app"><form class="checkout main"><button name="pay" class="btn">Pay</button></form></div>';
    document.querySelector('button')!.click();
    history.pushState(null, '', '/next?session=abc');
    client.captureException(new Error('after crumbs'));
    await client.flush();
    const crumbs = rec.events[0].breadcrumbs;
    expect(crumbs.map((c) => c.category)).toEqual(['console', 'console', 'ui.click', 'navigation']);
    expect(crumbs[0]).toMatchObject({ message: 'hello {"a":1}', level: 'info' });
    expect(crumbs[1].level).toBe('warning');
    expect(crumbs[2].message).toBe('div#app > form.checkout.main > button.btn[name="pay"]');
    expect(crumbs[3].data!.to).toMatch(/\/next\?session=%5BFiltered%5D$/);
    for (let i = 0; i < 10; i++) console.log('line', i);
    client.captureException(new Error('many crumbs'));
    await client.flush();
    expect(rec.events[1].breadcrumbs).toHaveLength(5);
  });

  it('each breadcrumb kind can be switched off', async () => {
    const { rec, client } = start({ integrations: [breadcrumbs({ console: false })] });
    console.log('not recorded');
    document.body.click();
    client.captureException(new Error('x'));
    await client.flush();
    expect(rec.events[0].breadcrumbs.map((c) => c.category)).toEqual(['ui.click']);
  });

  it('by default records no breadcrumbs and patches nothing (breadcrumbs are an opt-in integration)', async () => {
    const log = console.log;
    const { rec, client } = start();
    expect(console.log).toBe(log);
    console.log('not recorded');
    client.captureException(new Error('plain'));
    await client.flush();
    expect(rec.events[0].breadcrumbs).toEqual([]);
  });

  it('the breadcrumbs option of earlier versions gets one clear warning instead of silently recording nothing', () => {
    const warnings: string[] = [];
    client = init({ transports: [recordingTransport()], logger: { warn: (m) => warnings.push(m), error: () => undefined }, ...({ breadcrumbs: { console: false } } as object) });
    expect(warnings).toEqual(['[bugmastery] option "breadcrumbs" is gone: breadcrumbs are opt-in, init({ integrations: [breadcrumbs()] })']);
  });

  it('an integration that throws in setup is logged; init, the handlers and the other integrations still work', async () => {
    const errors: string[] = [];
    const { rec, client } = start({
      logger: { warn: () => undefined, error: (m) => errors.push(m) },
      integrations: [{ name: 'broken', setup: () => { throw new Error('nope'); } }, breadcrumbs()],
    });
    expect(errors).toEqual(['[bugmastery] integration broken failed to start: Error: nope']);
    console.log('still recorded');
    fireError(new Error('after a broken integration'));
    await client.flush();
    expect(rec.events[0].breadcrumbs.map((c) => c.message)).toEqual(['still recorded']);
  });

  it('close() removes the handlers and patches', async () => {
    const log = console.log;
    const push = history.pushState;
    const { rec, client: c } = start({ integrations: [breadcrumbs()] });
    expect(console.log).not.toBe(log);
    await c.close();
    client = undefined;
    expect(console.log).toBe(log);
    expect(history.pushState).toBe(push);
    fireError(new Error('after close'));
    expect(rec.events).toHaveLength(0);
    expect(getCurrentClient()).toBeUndefined();
  });

  it('replays the localStorage queue of an earlier page load, per transport', async () => {
    const kept = { id: 'a'.repeat(32), fingerprint: 'f'.repeat(16), exceptions: [], breadcrumbs: [], contexts: {}, tags: {} } as unknown as Event;
    localStorage.setItem('bugmastery:queue', JSON.stringify({ items: [{ t: 'rec', e: kept }, { t: 'gone', e: kept }], dropped: 0 }));
    const { rec, client } = start();
    await client.flush();
    expect(rec.events.map((e) => e.id)).toEqual([kept.id]);
    expect(client.offlineQueue()).toEqual({ queued: 0, dropped: 0 });
    expect(client.stats().delivered).toBe(1);
    expect(client.stats().dropped.noTransport).toBe(1);
  });

  it("sends the page's own queue again on the online event, and leaves other tabs' queues to them", async () => {
    let up = false;
    const bodies: string[] = [];
    const fetch = (async (_url: string, init: { body: string }) => {
      if (!up) throw new TypeError('Failed to fetch');
      bodies.push(init.body);
      return new Response('{}', { status: 200 });
    }) as never;
    const { client } = start({ transports: [httpTransport({ url: 'https://collector.example/events', fetch })], delivery: { maxRetries: 0 } });
    const otherTab = JSON.stringify({ items: [{ t: 'http', e: { id: 'o'.repeat(32) } }], dropped: 0 });
    localStorage.setItem('bugmastery:queue:othertab', otherTab);
    client.captureException(new Error('while offline'));
    await client.flush(5000);
    expect(client.offlineQueue()).toEqual({ queued: 1, dropped: 0 });
    up = true;
    window.dispatchEvent(new Event('online'));
    await client.flush(5000);
    expect(bodies.join('\n')).toContain('while offline');
    expect(client.offlineQueue()).toEqual({ queued: 0, dropped: 0 });
    expect(localStorage.getItem('bugmastery:queue:othertab')).toBe(otherTab);
  });

  it('keeps events a transport could not deliver in localStorage', async () => {
    const { client } = start({
      transports: [{ name: 'down', encode: () => ({ url: 'http://127.0.0.1:1/', headers: {}, body: '{}' }) }],
      delivery: { maxRetries: 0 },
    });
    client.captureException(new Error('offline'));
    await client.flush(5000);
    expect(client.stats().persisted).toBe(1);
    expect(client.offlineQueue()).toEqual({ queued: 1, dropped: 0 });
    const [key] = Object.keys(localStorage).filter((k) => k.startsWith('bugmastery:queue:'));
    const stored = JSON.parse(localStorage.getItem(key)!);
    expect(stored.items[0].t).toBe('down');
    expect(stored.items[0].e.exceptions[0].message).toBe('offline');
  });

  it('on pagehide, keeps what can go neither as a beacon nor as keepalive for the next load', async () => {
    const rec = recordingTransport();
    client = init({
      transports: [rec, httpTransport({ url: 'https://collector.example/events', headers: { authorization: 'Bearer k' } })],
      logger: quiet,
      batch: { maxDelayMs: 60_000 },
    });
    for (let i = 0; i < 40; i++) client.addBreadcrumb({ message: `step ${i} ${'x'.repeat(2000)}` });
    client.captureException(new Error('big and closing'));
    window.dispatchEvent(new Event('pagehide'));
    await client.flush(5000);
    expect(rec.events).toHaveLength(1);
    expect(client.stats().transports.http.persisted).toBe(1);
    expect(client.offlineQueue().queued).toBe(1);
    await client.close(0); // before pageshow, which would send the kept event to collector.example
    window.dispatchEvent(new Event('pageshow'));
  });

  it('on pagehide, an event waiting to retry after a 503 is kept at once; shown again, the page sends it, once', async () => {
    const statuses = [503, 200];
    const sent: string[] = [];
    const fetch: FetchLike = async (_url, init) => {
      sent.push(String(init.body));
      return { status: statuses.shift() ?? 200, headers: { get: () => null } };
    };
    client = init({
      transports: [httpTransport({ url: 'https://collector.example/events', fetch })],
      logger: quiet,
      batch: { maxDelayMs: 1 },
      delivery: { baseDelayMs: 600_000, maxDelayMs: 600_000 }, // the retry would come 10 minutes later
    });
    const id = client.captureException(new Error('refused, then left'))!;
    for (let i = 0; i < 100 && sent.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(sent).toHaveLength(1);
    window.dispatchEvent(new Event('pagehide'));
    expect(await client.flush(5000)).toBe(true);
    expect(client.stats()).toMatchObject({ captured: 1, persisted: 1, delivered: 0 });
    expect(client.offlineQueue().queued).toBe(1);
    window.dispatchEvent(new Event('pageshow'));
    expect(await client.flush(5000)).toBe(true);
    expect(client.offlineQueue().queued).toBe(0);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toContain(id);
    // The replayed event counts as captured again: one line for the kept copy, one for its delivery.
    expect(client.stats()).toMatchObject({ persisted: 1, delivered: 1 });
  });

  it('persist: false keeps nothing', async () => {
    const { client } = start({
      persist: false,
      transports: [{ name: 'down', encode: () => ({ url: 'http://127.0.0.1:1/', headers: {}, body: '{}' }) }],
      delivery: { maxRetries: 0 },
    });
    client.captureException(new Error('offline'));
    await client.flush(5000);
    expect(client.stats().dropped.transportFailed).toBe(1);
    expect(localStorage.getItem('bugmastery:queue')).toBeNull();
  });
});
