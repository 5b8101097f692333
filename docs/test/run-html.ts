import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import type { Block } from './markdown-blocks';
import type { Site } from './site';

export const CHROMIUM = '/usr/bin/chromium';

/** Our packages as a CDN serves them: `https://unpkg.com/@bugmastery/<pkg>/<file>` is answered with `packages/<pkg>/<file>`. */
const CDN = /^https:\/\/unpkg\.com\/@bugmastery\/([a-z-]+)\/([\w./-]+)$/;

export interface PageResult {
  /** Uncaught errors of the page's own scripts. */
  pageErrors: string[];
  /** Whether the page set up a client (`Bugmastery.getCurrentClient()`). */
  hasClient: boolean;
}

/** Real headless Chromium (Debian's), with the flags and fresh profile the browser e2e tests use. */
export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'bugmastery-docs-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Opens an HTML block as a page of `site`, with CDN URLs of our packages served from the local build and every other
 * non-loopback request refused (the test stays on this machine); then captures an error through the client the page
 * set up and flushes it.
 */
export async function runHtml(root: string, block: Block, site: Site, context: BrowserContext): Promise<PageResult> {
  const path = `/snippet-${block.file.replace(/[^A-Za-z0-9]+/g, '-')}-${block.line}.html`;
  site.pages.set(path, { type: 'text/html', body: `<!doctype html><html><head><meta charset="utf-8"></head><body>\n${block.code}\n</body></html>` });
  const page = await context.newPage();
  try {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await page.route('**/*', async (route) => {
      const url = route.request().url();
      const cdn = CDN.exec(url);
      const local = cdn && join(root, 'packages', cdn[1]!, cdn[2]!);
      if (local && existsSync(local)) return route.fulfill({ path: local, contentType: 'text/javascript' });
      if (new URL(url).hostname === '127.0.0.1') return route.continue();
      pageErrors.push(`request to a remote URL refused: ${url}`);
      return route.abort();
    });
    await page.goto(`${site.origin}${path}`);
    const hasClient = await page.evaluate(async (where) => {
      const client = (window as unknown as { Bugmastery?: { getCurrentClient(): { captureException(e: unknown): unknown; flush(ms: number): Promise<boolean> } | undefined } }).Bugmastery?.getCurrentClient();
      if (!client) return false;
      client.captureException(new Error(`thrown in the page of ${where}`));
      await client.flush(5_000);
      return true;
    }, `${block.file}:${block.line}`);
    return { pageErrors, hasClient };
  } finally {
    await page.close();
  }
}
