// @vitest-environment node
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';

/**
 * Development-only texts (packages/core/src/dev.ts): a page bundled for production, through the `browser`
 * export condition as an app's bundler does, carries none of the explanations; every check still runs
 * and still says, briefly, which option, transport or reason. A development bundle keeps the full texts.
 */
const here = fileURLToPath(new URL('.', import.meta.url));

/** Texts that only a development build carries, one per place that has them. */
const DEV_ONLY = [
  'did you mean', // option names: the suggestion and its edit distance
  'using the default', // option values: what was used instead…
  'a number from 0 to 1', // …and what the option takes
  'events are dropped as noTransport', // transports: what follows from a missing one
  'neither "environment" nor NODE_ENV', // …and why "production" was assumed
  'use httpTransport() or another factory',
  'record of environment',
  'outside a browser page it must be absolute', // transport URLs
  'is JSON.stringify or a toJSON patched', // payload check
  'breadcrumbs are opt-in', // browser options
  'the previous client is closed', // a second init()
];

/** What the page runs: the SDK with a bad option value, a misspelt option and a transport factory that throws. */
const PAGE = `
  import { init, httpTransport } from '@bugmastery/browser';
  globalThis.run = async (logger) => {
    const sent = [];
    const client = init({
      transports: [httpTransport({ url: 'https://collector.example/events' }), { name: 'rec', write: (events) => void sent.push(...events) }],
      sampleRate: 5,
      sampelRate: 1,
      breadcrumbs: true,
      logger,
    });
    client.captureException(new Error('still reported'));
    await client.flush(1000);
    init({ environment: 'production', transports: { production: () => { throw new Error('no collector URL'); } }, logger });
    return sent.length;
  };
`;

async function bundle(nodeEnv: string): Promise<string> {
  const out = await build({
    stdin: { contents: PAGE, resolveDir: here, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    define: { 'process.env.NODE_ENV': JSON.stringify(nodeEnv) },
    write: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0].text;
}

/** Runs a bundle in a bare context (no `process`, no page) and returns what the SDK logged, posted and sent. */
async function runBundle(code: string): Promise<{ logged: string[]; posted: number; sent: number }> {
  const logged: string[] = [];
  const log = (m: string): void => void logged.push(m);
  let posted = 0;
  const fetch = async (): Promise<unknown> => (posted++, { status: 202, headers: new Headers() });
  const sandbox: Record<string, unknown> = { console, setTimeout, clearTimeout, URL, TextEncoder, fetch };
  runInNewContext(code, sandbox);
  const sent = await (sandbox.run as (logger: unknown) => Promise<number>)({ warn: log, error: log });
  return { logged, posted, sent };
}

describe('development-only texts in browser bundles', () => {
  it('a production bundle carries none of them, nor a NODE_ENV read left to run', async () => {
    const code = await bundle('production');
    expect(DEV_ONLY.filter((text) => code.includes(text))).toEqual([]);
    expect(code).not.toContain('process.env');
  });

  it('a development bundle carries every one of them', async () => {
    const code = await bundle('development');
    expect(DEV_ONLY.filter((text) => !code.includes(text))).toEqual([]);
  });

  it('production: the same checks and effects, each told briefly with the option or the reason', async () => {
    const { logged, posted, sent } = await runBundle(await bundle('production'));
    expect(logged).toEqual([
      '[bugmastery] 3 problems with the options:\n  - option "breadcrumbs" is gone\n  - option "sampleRate" ignored\n  - unknown option "sampelRate": ignored',
      '[bugmastery] init() called again',
      '[bugmastery] option "transports.production" could not be built: no collector URL',
    ]);
    // sampleRate 5 fell back to its default (1): the event went out, to both transports.
    expect([posted, sent]).toEqual([1, 1]);
  });

  it('development: the full texts', async () => {
    const { logged, posted, sent } = await runBundle(await bundle('development'));
    expect(logged[0]).toContain('option "sampleRate" must be a number from 0 to 1, not 5: using the default (1)');
    expect(logged[0]).toContain('unknown option "sampelRate" (did you mean "sampleRate"?): ignored');
    expect(logged[0]).toContain('breadcrumbs are opt-in');
    expect(logged[1]).toBe('[bugmastery] init() called again: the previous client is closed');
    expect(logged[2]).toMatch(/^\[bugmastery\] option "transports\.production" could not be built: no collector URL — started without these transports/);
    expect([posted, sent]).toEqual([1, 1]);
  });

  it('the script tag (dist/bugmastery.min.js) is a production build', () => {
    const code = readFileSync(fileURLToPath(new URL('../dist/bugmastery.min.js', import.meta.url)), 'utf8');
    expect(DEV_ONLY.filter((text) => code.includes(text))).toEqual([]);
  });
});
