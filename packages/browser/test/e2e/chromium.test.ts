// @vitest-environment node
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type Collector } from '../collector';

const CHROMIUM = '/usr/bin/chromium';
const here = fileURLToPath(new URL('.', import.meta.url));
const bundle = join(here, '../../dist/bugmastery.min.js');

if (!existsSync(CHROMIUM)) {
  if (process.env.CI) throw new Error(`${CHROMIUM} is missing: install the Debian package "chromium" (apt-get install -y chromium)`);
  console.warn(`[browser e2e] skipped: ${CHROMIUM} not found (apt-get install -y chromium); CI fails instead of skipping`);
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe.skipIf(!existsSync(CHROMIUM))('in real Chromium, with the IIFE bundle and the setups as apps bundle them', () => {
  let site: Server;
  let origin: string;
  let context: BrowserContext;
  let userDataDir: string;
  const sameOrigin: Json[] = [];

  beforeAll(async () => {
    if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run "npm run build" first`);
    // The default and errors-only setups bundled the way the size budget measures them (esbuild,
    // tree-shaken, minified): what a page of that setup really ships, not the everything-IIFE.
    const setups: Record<string, Uint8Array> = {};
    for (const name of ['default', 'errors-only']) {
      const out = await build({
        entryPoints: [join(here, 'setups', `${name}.js`)],
        bundle: true,
        minify: true,
        format: 'iife',
        platform: 'browser',
        define: { 'process.env.NODE_ENV': '"production"' },
        write: false,
        logLevel: 'warning',
      });
      setups[`/setups/${name}.js`] = out.outputFiles[0].contents;
    }
    const files: Record<string, [string, string]> = {
      '/page.html': ['text/html', 'site/page.html'],
      '/other.html': ['text/html', 'site/other.html'],
      '/app.js': ['text/javascript', 'site/app.js'],
    };
    site = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/events' && req.method === 'POST') {
        // The same-origin collector of a relative `url: '/events'`.
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          sameOrigin.push(...(JSON.parse(Buffer.concat(chunks).toString('utf8')) as { events: Json[] }).events);
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{}');
        });
        return;
      }
      if (setups[path]) {
        res.writeHead(200, { 'content-type': 'text/javascript' });
        res.end(setups[path]);
        return;
      }
      if (path === '/page.html') {
        // ?bundle=default|errors-only loads that setup's bundle instead of the IIFE.
        const chosen = new URL(req.url ?? '/', 'http://x').searchParams.get('bundle');
        const html = readFileSync(join(here, 'site/page.html'), 'utf8');
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(chosen ? html.replace('/bugmastery.min.js', `/setups/${chosen}.js`) : html);
        return;
      }
      if (path === '/bugmastery.min.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' });
        res.end(readFileSync(bundle));
        return;
      }
      const file = files[path];
      res.writeHead(file ? 200 : 404, { 'content-type': file ? file[0] : 'text/plain' });
      res.end(file ? readFileSync(join(here, file[1])) : 'not found');
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    userDataDir = mkdtempSync(join(tmpdir(), 'bugmastery-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
  });

  afterAll(async () => {
    await context?.close();
    await new Promise<void>((resolve) => (site ? site.close(() => resolve()) : resolve()));
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  // Pages are closed after each test even when it fails, so no page's client writes to the shared localStorage later.
  afterEach(async () => {
    for (const page of context.pages()) await page.close();
    await context.setOffline(false);
  });

  const open = async (collector: string, query = ''): Promise<Page> => {
    const page = await context.newPage();
    await page.goto(`${origin}/page.html?collector=${encodeURIComponent(collector)}${query}`);
    await page.waitForFunction(() => typeof (window as unknown as { client?: unknown }).client === 'object');
    return page;
  };

  for (const [setup, query] of [
    ['default (init), as bundled', '&bundle=default'],
    ['errors-only (initLean), as bundled', '&bundle=errors-only&setup=lean'],
    ['script tag (IIFE), init', ''],
  ]) {
    it(`${setup}: delivers an uncaught error, a rejected promise and an error in a click handler, with parsed frames`, async () => {
      const collector = await startCollector();
      try {
        const page = await open(collector.url, query);
        // A bundled setup's page has its own two exports, not the IIFE's whole API.
        const exported = await page.evaluate(() => Object.keys((window as unknown as { Bugmastery: object }).Bugmastery).length);
        if (query.includes('bundle=')) expect(exported).toBe(2);
        else expect(exported).toBeGreaterThan(10);
        await page.evaluate(() => (window as unknown as { throwUncaught(): void }).throwUncaught());
        await page.evaluate(() => (window as unknown as { rejectPromise(): void }).rejectPromise());
        await page.click('#explode');
        const events = (await collector.waitForEvents(3)) as Json[];
        const byMessage = Object.fromEntries(events.map((e) => [e.exceptions[0].message, e]));

        const uncaught = byMessage['uncaught boom'];
        expect(uncaught.exceptions[0].type).toBe('TypeError');
        expect(uncaught.exceptions[0].mechanism).toEqual({ type: 'onerror', handled: false });
        expect(uncaught.exceptions[0].frames.at(-1)).toMatchObject({ function: 'uncaughtTimer', file: `${origin}/app.js`, inApp: true });
        expect(uncaught.exceptions[0].frames.at(-1).line).toBeGreaterThan(0);

        const rejected = byMessage['rejected boom'];
        expect(rejected.exceptions[0].type).toBe('RangeError');
        expect(rejected.exceptions[0].mechanism).toEqual({ type: 'onunhandledrejection', handled: false });

        const click = byMessage['click boom'];
        expect(click.exceptions[0].frames.slice(-2).map((f: Json) => f.function)).toEqual(['HTMLButtonElement.onExplode', 'explode']);
        // Breadcrumbs are an opt-in integration.
        expect(click.breadcrumbs).toEqual([]);
        expect(click.contexts.browser.userAgent).toMatch(/Chrome/);
        expect(click.contexts.browser.viewport.width).toBeGreaterThan(0);
        expect(click.sdk.name).toBe('bugmastery.browser');
        // The SDK listens next to the page's own onerror, which still sees both uncaught errors.
        expect(await page.evaluate(() => (window as unknown as { onerrorCalls: string[] }).onerrorCalls.length)).toBe(2);
        // The collector has the requests before the page has the responses: wait for the page's accounting.
        await page.waitForFunction(() => (window as unknown as { client: { stats(): { delivered: number } } }).client.stats().delivered === 3);
      } finally {
        await collector.close();
      }
    });

    it(`${setup}: still delivers when the page throws and navigates away at once`, async () => {
      const collector = await startCollector();
      try {
        // A 60 s batch delay: only the pagehide path (flush → beacon / keepalive) can get the event out.
        const page = await open(collector.url, `&delay=60000${query}`);
        await Promise.all([
          page.waitForURL(`${origin}/other.html`),
          page.evaluate(() => (window as unknown as { throwAndLeave(): void }).throwAndLeave()),
        ]);
        const [event] = (await collector.waitForEvents(1)) as Json[];
        expect(event.exceptions[0].message).toBe('leaving boom');
        // Cross-origin beacon: the JSON body arrives as text/plain (no preflight possible from a closing page).
        expect(collector.requests[0].headers['content-type']).toMatch(/^text\/plain/);
        await page.close();
      } finally {
        await collector.close();
      }
    });
  }

  it('breadcrumbs() integration: console, XHR, fetch and click breadcrumbs (secrets scrubbed) on the event', async () => {
    const collector = await startCollector();
    try {
      const page = await open(collector.url, '&crumbs=1');
      await page.evaluate(() => (window as unknown as { makeRequests(): Promise<void> }).makeRequests());
      await page.click('#explode');
      const [click] = (await collector.waitForEvents(1)) as Json[];
      const crumbs = click.breadcrumbs as Json[];
      expect(crumbs.find((c) => c.category === 'ui.click')?.message).toBe('button#explode');
      expect(crumbs.find((c) => c.category === 'console')?.message).toBe('about to load {"id":7}');
      const xhr = crumbs.find((c) => c.category === 'xhr');
      expect(xhr?.data).toMatchObject({ method: 'GET', status_code: 200 });
      expect(xhr?.data.url).toMatch(/\/other\.html\?token=%5BFiltered%5D$/);
      expect(crumbs.find((c) => c.category === 'fetch')?.data).toMatchObject({ method: 'GET', status_code: 404 });
    } finally {
      await collector.close();
    }
  });

  it("a relative collector URL ('/events') posts to the page's own origin", async () => {
    const page = await open(''); // app.js: httpTransport({ url: collector + '/events' })
    expect(await page.evaluate(() => (window as unknown as { client: { transports: { name: string }[] } }).client.transports.length)).toBe(1);
    await page.evaluate(() => (window as unknown as { throwUncaught(): void }).throwUncaught());
    await page.waitForFunction(() => (window as unknown as { client: { stats(): { delivered: number } } }).client.stats().delivered === 1);
    expect(sameOrigin.map((e) => e.exceptions[0].message)).toEqual(['uncaught boom']);
  });

  it('a reused XHR gives one breadcrumb per request, with that request\'s URL', async () => {
    const collector = await startCollector();
    try {
      const page = await open(collector.url, '&crumbs=1');
      await page.evaluate(async () => {
        const xhr = new XMLHttpRequest();
        for (const name of ['a', 'b', 'c']) {
          await new Promise<void>((resolve) => {
            xhr.onloadend = () => resolve();
            xhr.open('GET', `/other.html?req=${name}`);
            xhr.send();
          });
        }
        // Our loadend listener runs after the page's onloadend (added first): let the last one run.
        await new Promise((resolve) => setTimeout(resolve, 0));
        (window as unknown as { client: { captureException(e: unknown): void } }).client.captureException(new Error('after xhr reuse'));
      });
      const [event] = (await collector.waitForEvents(1)) as Json[];
      const urls = (event.breadcrumbs as Json[]).filter((c) => c.category === 'xhr').map((c) => String(c.data.url).replace(/^.*\?/, ''));
      expect(urls).toEqual(['req=a', 'req=b', 'req=c']);
    } finally {
      await collector.close();
    }
  });

  it('with wrapCallbacks, a timer error is captured by the wrapper, once', async () => {
    const collector = await startCollector();
    try {
      const page = await open(collector.url, '&wrap=1');
      await page.evaluate(() => (window as unknown as { throwUncaught(): void }).throwUncaught());
      const [event] = (await collector.waitForEvents(1)) as Json[];
      expect(event.exceptions[0].mechanism).toEqual({ type: 'setTimeout', handled: false });
      expect(event.exceptions[0].frames.at(-1).function).toBe('uncaughtTimer');
      const stats = await page.evaluate(() => (window as unknown as { client: { stats(): Json } }).client.stats());
      expect(stats.captured).toBe(1);
      expect(stats.dropped.deduped).toBe(0);
      await page.close();
    } finally {
      await collector.close();
    }
  });

  it('keeps an event while offline and sends it on the online event', async () => {
    const collector = await startCollector();
    try {
      const page = await open(collector.url, '&retries=0');
      await context.setOffline(true);
      await page.evaluate(() => (window as unknown as { throwUncaught(): void }).throwUncaught());
      await page.waitForFunction(() => (window as unknown as { client: { offlineQueue(): { queued: number } } }).client.offlineQueue().queued === 1);
      expect(collector.requests).toHaveLength(0);
      await context.setOffline(false);
      const [event] = (await collector.waitForEvents(1)) as Json[];
      expect(event.exceptions[0].message).toBe('uncaught boom');
      await page.close();
    } finally {
      await collector.close();
    }
  });

  /** The page's queue keys and what they hold: one key per page (tab or load). */
  const queues = (page: Page): Promise<Record<string, { items: Json[]; dropped: number }>> =>
    page.evaluate(() =>
      Object.fromEntries(Object.keys(localStorage).filter((k) => k.startsWith('bugmastery:queue')).map((k) => [k, JSON.parse(localStorage.getItem(k)!)])),
    );

  it('keeps an event in localStorage while the collector is down and delivers it on the next load', async () => {
    const probe = await startCollector();
    const port = probe.port;
    await probe.close(); // nothing listens there now
    const page = await open(`http://127.0.0.1:${port}`, '&retries=1');
    await page.evaluate(() => (window as unknown as { throwUncaught(): void }).throwUncaught());
    await page.waitForFunction(() => (window as unknown as { client: { offlineQueue(): { queued: number } } }).client.offlineQueue().queued === 1);
    const [stored] = Object.values(await queues(page));
    expect(stored.items[0].e.exceptions[0].message).toBe('uncaught boom');

    const collector = await startCollector(port);
    try {
      await page.reload();
      const [event] = (await collector.waitForEvents(1)) as Json[];
      expect(event.id).toBe(stored.items[0].e.id);
      expect(event.exceptions[0].message).toBe('uncaught boom');
      await page.waitForFunction(() => (window as unknown as { client: { stats(): { delivered: number } } }).client.stats().delivered === 1);
      // The earlier load's key is gone; the new page's holds nothing.
      expect(Object.values(await queues(page)).flatMap((q) => q.items)).toEqual([]);
      await page.close();
    } finally {
      await collector.close();
    }
  });

  /** A clean localStorage: what earlier tests' pages kept would otherwise be replayed into this one's collector. */
  const clearStorage = async (): Promise<void> => {
    const blank = await context.newPage();
    await blank.goto(`${origin}/other.html`);
    await blank.evaluate(() => localStorage.clear());
    await blank.close();
  };

  it('an event waiting to retry when the page is left is kept, and the next load delivers it once the collector is back', async () => {
    await clearStorage();
    const collector = await startCollector();
    collector.refusing = true;
    try {
      // A 10-minute backoff after the 503: only the pagehide path can save the event.
      const page = await open(collector.url, '&backoff=600000&delay=10');
      const refusal = page.waitForResponse((r) => r.url().startsWith(collector.url) && r.status() === 503);
      await page.evaluate(() => (window as unknown as { throwUncaught(): void }).throwUncaught());
      await collector.waitForRefused(1);
      await refusal;
      // Let the page read the 503 and start its backoff (a keepalive request answered after the page is gone cannot be retried).
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 50)));
      const refusedId = JSON.parse(collector.refused[0].body).events[0].id;
      // Queued behind the refused batch when the page is left: kept too, not sent blind to a failing collector.
      await page.evaluate(() => {
        (window as unknown as { client: { captureException(e: unknown): void } }).client.captureException(new Error('queued when leaving'));
      });
      await page.goto(`${origin}/other.html`);
      const kept = Object.values(await queues(page)).flatMap((q) => q.items.map((item) => item.e));
      expect(kept.map((e) => e.exceptions[0].message).sort()).toEqual(['queued when leaving', 'uncaught boom']);
      expect(kept.find((e) => e.exceptions[0].message === 'uncaught boom')!.id).toBe(refusedId);
      expect(collector.refused).toHaveLength(1);

      collector.refusing = false;
      await page.goto(`${origin}/page.html?collector=${encodeURIComponent(collector.url)}`);
      const events = (await collector.waitForEvents(2)) as Json[];
      await page.waitForFunction(() => (window as unknown as { client: { stats(): { delivered: number } } }).client.stats().delivered === 2);
      expect(events.map((e) => e.id).sort()).toEqual(kept.map((e) => e.id).sort());
      expect(collector.events()).toHaveLength(2);
      expect(Object.values(await queues(page)).flatMap((q) => q.items)).toEqual([]);
    } finally {
      await collector.close();
    }
  });

  it('a plain (not keepalive) request in flight when the tab is closed is abandoned and its event kept, then delivered once by the next load', async () => {
    await clearStorage();
    const collector = await startCollector();
    collector.holding = true; // a slow collector: the request stays in flight
    try {
      const page = await open(collector.url, '&delay=10');
      // One event above the 64 KB keepalive budget: it can only go as a plain fetch, which a leaving page cuts off.
      const id = await page.evaluate(() => {
        const client = (window as unknown as { client: { setContext(n: string, c: object): void; captureException(e: unknown): string } }).client;
        const big: Record<string, string> = {};
        for (let i = 0; i < 25; i++) big[`part${i}`] = String(i).repeat(4000);
        client.setContext('big', big);
        return client.captureException(new Error('too big for keepalive'));
      });
      await collector.waitForHeld(1);
      expect(JSON.parse(collector.held[0].body).events[0].id).toBe(id);
      await page.close(); // the tab is closed: nothing runs after pagehide's own work
      // The page cancelled the request (had the collector stored it first, the same id would arrive twice: dedupe by id).
      await collector.waitForAbandoned(1);
      collector.release();
      const next = await context.newPage();
      await next.goto(`${origin}/other.html`);
      const kept = Object.values(await queues(next)).flatMap((q) => q.items.map((item) => item.e));
      expect(kept.map((e) => e.id)).toEqual([id]);
      await next.goto(`${origin}/page.html?collector=${encodeURIComponent(collector.url)}`);
      const events = (await collector.waitForEvents(1)) as Json[];
      expect(events.map((e) => e.id)).toEqual([id]);
      await next.waitForFunction(() => (window as unknown as { client: { stats(): { delivered: number } } }).client.stats().delivered === 1);
      expect(collector.events()).toHaveLength(1);
    } finally {
      await collector.close();
    }
  });

  it('errors-only (initLean): keeps nothing in localStorage when the collector is down; offlineQueue() integration added, it does', async () => {
    const probe = await startCollector();
    const port = probe.port;
    await probe.close();
    const lean = await open(`http://127.0.0.1:${port}`, '&setup=lean&retries=0');
    await lean.evaluate(() => (window as unknown as { throwUncaught(): void }).throwUncaught());
    await lean.waitForFunction(() => (window as unknown as { client: { stats(): { dropped: { transportFailed: number } } } }).client.stats().dropped.transportFailed === 1);
    expect(Object.values(await queues(lean)).flatMap((q) => q.items)).toEqual([]);
    await lean.close();

    const withQueue = await open(`http://127.0.0.1:${port}`, '&setup=lean&queue=1&retries=0');
    await withQueue.evaluate(() => (window as unknown as { throwUncaught(): void }).throwUncaught());
    await withQueue.waitForFunction(() => (window as unknown as { client: { offlineQueue(): { queued: number } } }).client.offlineQueue().queued === 1);
    const collector = await startCollector(port);
    try {
      await withQueue.reload();
      const [event] = (await collector.waitForEvents(1)) as Json[];
      expect(event.exceptions[0].message).toBe('uncaught boom');
      await withQueue.waitForFunction(() => (window as unknown as { client: { stats(): { delivered: number } } }).client.stats().delivered === 1);
    } finally {
      await collector.close();
    }
  });

  it('two tabs persisting at the same moment lose nothing, and the next load delivers every event once', async () => {
    const probe = await startCollector();
    const port = probe.port;
    await probe.close();
    const tabs = [await open(`http://127.0.0.1:${port}`, '&retries=0'), await open(`http://127.0.0.1:${port}`, '&retries=0')];
    // Both tabs fail to deliver ten events each, at the same time.
    await Promise.all(
      tabs.map((tab, t) =>
        tab.evaluate(async (t) => {
          const client = (window as unknown as { client: { captureException(e: unknown, hint: object): void; flush(ms: number): Promise<boolean> } }).client;
          // Own fingerprints: one throw site would be deduped to one event.
          for (let i = 0; i < 10; i++) client.captureException(new Error(`tab ${t} event ${i}`), { fingerprint: `tab ${t} event ${i}` });
          await client.flush(5000);
        }, t),
      ),
    );
    // Each tab reads its own writes at once; another tab's reach it through Chromium's storage service a moment later.
    const keys = await Promise.all(tabs.map((tab) => queues(tab)));
    const kept = Object.values(Object.assign({}, ...keys) as Record<string, { items: Json[] }>).flatMap((q) => q.items);
    expect(kept).toHaveLength(20);
    for (const tab of tabs) await tab.close();

    const collector = await startCollector(port);
    try {
      const next = await open(collector.url);
      const events = (await collector.waitForEvents(20)) as Json[];
      expect(new Set(events.map((e) => e.id)).size).toBe(20);
      await next.waitForFunction(() => (window as unknown as { client: { stats(): { delivered: number } } }).client.stats().delivered === 20);
      expect(collector.events()).toHaveLength(20);
    } finally {
      await collector.close();
    }
  });
});
