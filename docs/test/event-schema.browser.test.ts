// @vitest-environment happy-dom
import { httpTransport, init, type BrowserClient } from '@bugmastery/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receivedEvents, schemaProblems } from './event-schema';
import { startSite, type Site } from './site';

// docs/event.schema.json against REAL browser events: @bugmastery/browser (built) in a happy-dom page, posting
// through httpTransport (the page's fetch, cross-origin with its CORS preflight) to a real server on 127.0.0.1.
describe('docs/event.schema.json holds for real events from @bugmastery/browser', () => {
  let site: Site;
  let client: BrowserClient;
  beforeAll(async () => {
    site = await startSite();
  });
  afterAll(async () => {
    await client?.close(5_000);
    await site.close();
  });

  it('a window error, exceptions with causes, a message, user and breadcrumbs', async () => {
    client = init({ release: 'web@2.0.0', transports: [httpTransport({ url: `${site.origin}/events` })], dedupeWindowMs: 0, persist: false });
    client.setUser({ id: 'u-42', username: 'ada' });
    client.setTag('page', 'checkout');
    client.addBreadcrumb({ category: 'cart', message: 'added 2 items', data: { sku: 'A-1' } });
    console.info('checkout opened');
    document.body.click();

    window.dispatchEvent(new ErrorEvent('error', { error: new TypeError('from a window listener'), message: 'from a window listener' }));
    client.captureException(new Error('checkout failed', { cause: new Error('price service down') }), { level: 'fatal' });
    client.captureMessage('slow checkout', 'info');

    expect(await client.flush(10_000)).toBe(true);
    const events = receivedEvents(site, '/events');
    expect(events).toHaveLength(3);
    expect(events.every((e) => e.platform === 'javascript' && (e.contexts as Record<string, unknown>).browser !== undefined)).toBe(true);
    expect(events.some((e) => (e.exceptions as unknown[]).length === 2 && (e.breadcrumbs as unknown[]).length > 0 && e.user !== undefined)).toBe(true);
    expect(events.some((e) => (e.exceptions as { mechanism: { handled: boolean } }[])[0]?.mechanism.handled === false)).toBe(true);
    expect(schemaProblems(events)).toEqual([]);
  });
});
