import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allBlocks, blocksOf, docFiles, type Block } from './markdown-blocks';
import { CHROMIUM, isBrowserCode, launchChromium, pageOfScript, runPage } from './run-page';
import { runSnippet } from './run-snippet';
// The service helpers of the node package's tests (free port, start/stop, CI requires the binary), not a second copy.
import { freePort, requireBinary, startService, stopService } from '../../packages/node/test/jobs/services';
import { startSite, type Site } from './site';
import { CHECKED_LANGS, sourceOf, typecheck } from './typecheck';

// Every code block a user would copy from README.md, packages/*/README.md and docs/**/*.md is type-checked
// (ts, js: one strict program against the built packages) and run (ts, js: a fresh Node process each; html, and
// ts/js importing @bugmastery/browser: a page in real Chromium), unless a marker says why not (markdown-blocks.ts;
// the root README's "Developing" section).
const root = fileURLToPath(new URL('../..', import.meta.url));
const blocks = allBlocks(root);
const at = (b: Block): string => `${b.file}:${b.line}`;

/** Blocks that are not code to copy: program output and diagrams (no language), shell commands (checked below). */
const NOT_RUN_LANGS = new Set(['', 'text', 'sh', 'bash', 'shell', 'console']);

const checked = blocks.filter((b) => CHECKED_LANGS[b.lang] && !b.skip);
const sources = checked.map((b, i) => sourceOf(root, b, i));
const nodeRuns = sources.filter((s) => !s.block.noRun && !isBrowserCode(s.text));

/** Whether redis-server on `port` answers PING. */
function redisAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
    socket.once('data', (d) => (socket.destroy(), resolve(d.toString().startsWith('+PONG'))));
    socket.once('error', () => resolve(false));
  });
}

describe('docs code blocks', () => {
  it('reads every README and doc, and knows every block language', () => {
    const files = docFiles(root);
    expect(files).toContain('README.md');
    expect(files).toContain('packages/core/README.md');
    expect(files).toContain('docs/transports.md');
    const unknown = blocks.filter((b) => !CHECKED_LANGS[b.lang] && !NOT_RUN_LANGS.has(b.lang) && b.lang !== 'html' && b.lang !== 'json');
    expect(unknown.map((b) => `${at(b)} \`\`\`${b.lang}`)).toEqual([]);
    expect(checked.length).toBeGreaterThan(20);
  });

  it('markers are well-formed: a reason in parentheses, directly before a block', () => {
    expect(() => blocksOf('<!-- snippet: skip -->\n```ts\nx\n```\n', 'a.md')).toThrow(/needs a reason/);
    expect(() => blocksOf('<!-- snippet: skip (why) -->\ntext\n```ts\nx\n```\n', 'a.md')).toThrow(/not followed by a code block/);
    expect(() => blocksOf('<!-- snippet: skipp (why) -->\n```ts\nx\n```\n', 'a.md')).toThrow(/unknown snippet marker/);
    const [block] = blocksOf('<!-- snippet: prelude\ndeclare const app: unknown;\n-->\n<!-- snippet: no-run (needs a server) -->\n\n```ts\napp;\n```\n', 'a.md');
    expect(block).toMatchObject({ lang: 'ts', code: 'app;', prelude: 'declare const app: unknown;', noRun: 'needs a server', line: 6 });
  });

  it('type-checks every ts and js block in one strict program against the built packages', () => {
    expect(existsSync(join(root, 'packages/node/dist/index.d.ts')), 'run `npm run build` first').toBe(true);
    expect(typecheck(sources)).toEqual([]);
  });

  it('relative links point to files that exist', () => {
    const broken: string[] = [];
    for (const file of docFiles(root)) {
      const text = readFileSync(join(root, file), 'utf8').replace(/```[\s\S]*?```/g, '');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^(?:[a-z]+:|#)/i.test(target!)) continue;
        if (!existsSync(join(root, dirname(file), decodeURIComponent(target!.split('#')[0]!)))) broken.push(`${file}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('json blocks parse', () => {
    for (const b of blocks.filter((x) => x.lang === 'json' && !x.skip)) expect(() => JSON.parse(b.code), at(b)).not.toThrow();
  });

  it('shell blocks name npm scripts and packages that exist', () => {
    const scriptsOf = (dir: string): Record<string, string> => (JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
    const problems: string[] = [];
    for (const b of blocks.filter((x) => ['sh', 'bash', 'shell'].includes(x.lang) && !x.skip)) {
      for (const command of b.code.split('\n').flatMap((l) => l.replace(/#.*$/, '').split(/&&|;|\|\|/))) {
        const words = command.trim().split(/\s+/);
        if (words[0] !== 'npm') continue;
        const workspace = words.includes('-w') ? words[words.indexOf('-w') + 1]! : undefined;
        if (words[1] === 'run') {
          const dir = workspace ? workspaceDir(workspace) : '.';
          if (dir === undefined || !(words[2]! in scriptsOf(dir))) problems.push(`${at(b)}: npm run ${words[2]}${workspace ? ` -w ${workspace}` : ''}: no such script`);
        } else if (words[1] === 'install' || words[1] === 'i') {
          for (const name of words.slice(2).filter((w) => w.startsWith('@bugmastery/'))) {
            if (workspaceDir(name) === undefined) problems.push(`${at(b)}: npm install ${name}: no such package in packages/`);
          }
        }
      }
    }
    expect(problems).toEqual([]);

    function workspaceDir(name: string): string | undefined {
      const dir = `packages/${name.replace('@bugmastery/', '')}`;
      return existsSync(join(root, dir, 'package.json')) ? dir : undefined;
    }
  });

  describe('runs', () => {
    let site: Site;
    let redis: ChildProcess | undefined;
    const env: Record<string, string> = {};
    beforeAll(async () => {
      site = await startSite();
      // A block that talks to Redis gets a real redis-server on a free loopback port, as REDIS_URL.
      if (nodeRuns.some((s) => /REDIS_URL|@bugmastery\/redis|ioredis/.test(s.text)) && requireBinary('redis-server', 'redis-server')) {
        const port = await freePort();
        redis = await startService('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], () => redisAnswers(port), 'redis-server');
        env.REDIS_URL = `redis://127.0.0.1:${port}`;
      }
    });
    afterAll(async () => {
      await stopService(redis);
      await site.close();
      rmSync(join(root, 'docs', '.snippets'), { recursive: true, force: true });
    });

    describe.concurrent('ts and js blocks, each in a fresh Node process', () => {
      for (const source of nodeRuns) {
        it(at(source.block), async () => {
          const { code, output, timedOut } = await runSnippet(source, site.origin, env);
          expect({ code, timedOut, output: code === 0 ? '' : output }).toEqual({ code: 0, timedOut: false, output: '' });
        });
      }
    });

    const pages = [
      ...blocks.filter((b) => b.lang === 'html' && !b.skip && !b.noRun).map((block) => ({ block, html: async () => block.code })),
      ...sources.filter((s) => !s.block.noRun && isBrowserCode(s.text)).map((s) => ({ block: s.block, html: () => pageOfScript(s) })),
    ];
    // As in the browser e2e tests: without Chromium, skipped with a warning here and a failure in CI.
    const noChromium = !existsSync(CHROMIUM) && !process.env.CI;
    if (noChromium && pages.length > 0) console.warn(`[docs] html blocks not run: ${CHROMIUM} not found (apt-get install -y chromium)`);
    describe.skipIf(pages.length === 0 || noChromium)('html blocks and browser code, each a page in real headless Chromium', () => {
      let chromium: Awaited<ReturnType<typeof launchChromium>>;
      beforeAll(async () => {
        chromium = await launchChromium();
      });
      afterAll(() => chromium?.close());

      for (const { block, html } of pages) {
        it(at(block), async () => {
          const { pageErrors, hasClient } = await runPage(root, block, await html(), site, chromium.context);
          expect(pageErrors).toEqual([]);
          expect(hasClient, 'the page set up a client (Bugmastery.getCurrentClient())').toBe(true);
          expect(site.posted.some((p) => p.body.includes(`thrown in the page of ${at(block)}`)), 'the error captured in the page was posted').toBe(true);
        });
      }
    });
  });
});
