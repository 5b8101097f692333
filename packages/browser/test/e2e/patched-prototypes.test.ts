// @vitest-environment node
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector } from '../collector';

/**
 * In real Chromium, with the IIFE bundle: a page whose library patched Array.prototype.toJSON
 * (Prototype.js does) or Object.prototype.toJSON still sends the event as built, and counts it
 * delivered only then.
 */

const CHROMIUM = '/usr/bin/chromium';
const bundle = join(fileURLToPath(new URL('.', import.meta.url)), '../../dist/bugmastery.min.js');

/** What Prototype.js 1.6 does, or an Object.prototype patch; installed before the SDK loads, as a library loaded first would. */
const PATCHES: Record<string, string> = {
  array: "Array.prototype.toJSON = function () { return 'ARRAY:' + this.length; };",
  object: 'Object.defineProperty(Object.prototype, "toJSON", { value: function () { return {}; }, writable: true, configurable: true });',
};

const page = (collector: string, patchName: string): string => `<!doctype html><html><head><meta charset="utf-8"></head><body>
<script>${PATCHES[patchName]}</script>
<script src="/bugmastery.min.js"></script>
<script>
window.client = Bugmastery.init({ transports: [Bugmastery.httpTransport({ url: ${JSON.stringify(collector + '/events')} })], batch: { maxDelayMs: 20 }, persist: false });
</script></body></html>`;

describe.skipIf(!existsSync(CHROMIUM))('patched prototypes, in real Chromium', () => {
  let site: Server;
  let origin: string;
  let context: BrowserContext;
  let userDataDir: string;
  let collectorUrl = '';

  beforeAll(async () => {
    if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run "npm run build" first`);
    site = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/bugmastery.min.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(bundle));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html' }).end(page(collectorUrl, url.searchParams.get('patch') ?? 'array'));
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    userDataDir = mkdtempSync(join(tmpdir(), 'bugmastery-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
  });

  afterAll(async () => {
    await context?.close();
    await new Promise<void>((resolve) => (site ? site.close(() => resolve()) : resolve()));
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  it.each(['array', 'object'])('%s.prototype.toJSON: the collector gets the event as built, and stats say delivered', async (patchName) => {
    const collector = await startCollector();
    collectorUrl = collector.url;
    try {
      const tab = await context.newPage();
      await tab.goto(`${origin}/page.html?patch=${patchName}`);
      await tab.waitForFunction(() => typeof (window as unknown as { client?: unknown }).client === 'object');
      // Plain values only cross back: Playwright's own serialisation is not under test.
      const result = await tab.evaluate(async () => {
        const c = (window as unknown as { client: { captureException(e: unknown): string; addBreadcrumb(b: unknown): void; flush(ms: number): Promise<boolean>; stats(): { delivered: number } } }).client;
        c.addBreadcrumb({ message: 'before', data: { list: [1, 2, 3] } });
        const id = c.captureException(new Error('patched in the page'));
        const flushed = await c.flush(5000);
        return `${id}|${flushed}|${c.stats().delivered}`;
      });
      const [id, flushed, delivered] = result.split('|');
      expect(flushed).toBe('true');
      expect(delivered).toBe('1');
      expect(collector.requests).toHaveLength(1);
      const body = JSON.parse(collector.requests[0].body) as { events: Record<string, any>[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
      expect(Array.isArray(body.events)).toBe(true);
      expect(body.events[0].id).toBe(id);
      expect(body.events[0].exceptions[0].message).toBe('patched in the page');
      expect(body.events[0].exceptions[0].frames.length).toBeGreaterThan(0);
      expect(body.events[0].breadcrumbs.find((b: { message?: string }) => b.message === 'before').data.list).toEqual([1, 2, 3]);
      await tab.close();
    } finally {
      await collector.close();
    }
  });
});
