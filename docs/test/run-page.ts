import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type BrowserContext } from 'playwright-core';
import type { Block } from './markdown-blocks';
import type { Site } from './site';
import type { SourceOf } from './typecheck';

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

/** A block that imports `@bugmastery/browser` is browser code: it runs in a page, not in Node. */
export function isBrowserCode(code: string): boolean {
  return /from\s+['"]@bugmastery\/browser['"]/.test(code);
}

/**
 * A browser ts/js block as a page: the block (prelude included) bundled by esbuild for the browser, as an app's
 * bundler would, with `Bugmastery.getCurrentClient` exposed so the test can reach the client it set up.
 */
export async function pageOfScript(source: SourceOf): Promise<string> {
  const file = source.path;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, source.text);
  const { outputFiles } = await build({
    stdin: {
      contents: `import ${JSON.stringify(file)};\nimport { getCurrentClient } from '@bugmastery/browser';\nglobalThis.Bugmastery ??= { getCurrentClient };\n`,
      resolveDir: dirname(file),
      loader: 'js',
    },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  // A module script: snippets may use top-level await. `<\/script` cannot appear inside the inline script.
  return `<script type="module">\n${outputFiles[0]!.text.replace(/<\/script/gi, '<\\/script')}\n</script>`;
}

/**
 * Opens `html` (an html block, or a script block made a page) as a page of `site` in Chromium. CDN URLs of our packages
 * are served from the local build; a request to any other host is answered by the test, recorded in `site.posted`
 * as the collector would record it (the test stays on this machine). Then captures an error through the client the
 * page set up and flushes it.
 */
export async function runPage(root: string, block: Block, html: string, site: Site, context: BrowserContext): Promise<PageResult> {
  const path = `/snippet-${block.file.replace(/[^A-Za-z0-9]+/g, '-')}-${block.line}.html`;
  site.pages.set(path, { type: 'text/html', body: `<!doctype html><html><head><meta charset="utf-8"></head><body>\n${html}\n</body></html>` });
  const page = await context.newPage();
  try {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await page.route('**/*', async (route) => {
      const request = route.request();
      const url = new URL(request.url());
      const cdn = CDN.exec(url.href);
      const local = cdn && join(root, 'packages', cdn[1]!, cdn[2]!);
      if (local && existsSync(local)) return route.fulfill({ path: local, contentType: 'text/javascript' });
      if (url.hostname === '127.0.0.1') return route.continue();
      if (request.method() === 'GET') {
        pageErrors.push(`the page loads from a remote URL: ${url.href}`);
        return route.abort();
      }
      site.posted.push({ method: request.method(), url: url.pathname + url.search, headers: { ...request.headers(), 'x-snippet-original-url': url.href }, body: request.postData() ?? '' });
      return route.fulfill({ status: 200, contentType: 'application/json', headers: { 'access-control-allow-origin': '*' }, body: '{}' });
    });
    await page.goto(`${site.origin}${path}`);
    const hasClient = await page.evaluate(async (where) => {
      type Client = { captureException(e: unknown): unknown; flush(ms: number): Promise<boolean> };
      const client = (window as unknown as { Bugmastery?: { getCurrentClient(): Client | undefined } }).Bugmastery?.getCurrentClient();
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
