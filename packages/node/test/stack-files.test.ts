import { linkSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Event } from '../src';
import { runScript, tempDir } from './support/child';
import { startCollector, type Collector } from './support/collector';

/**
 * A stack string is input, not an instruction. Each case runs a real child process with every
 * file open and read recorded (support/trace-reads.mjs), and a real collector: the assertions are
 * on what was read and what went out, never on time.
 */

const TRACE = resolve(__dirname, 'support/trace-reads.mjs');
const SECRET = 'DB_PASSWORD=correct-horse-battery-staple';
const MB = 1024 * 1024;

interface Trace {
  opens: string[];
  bytes: Record<string, number>;
}

/** Runs `body` (after `client` is set up) as main.mjs in `dir`; returns what the collector got and what was read. */
async function run(dir: string, collector: Collector, body: string, init = '', cwd = dir): Promise<{ events: Event[]; trace: Trace; stderr: string }> {
  const traceFile = join(tempDir('bm-trace-'), 'trace.json');
  const before = collector.events.length;
  const result = await runScript(
    `import { init, httpTransport } from 'SDK';
     const client = init({ transports: [httpTransport({ url: process.env.COLLECTOR })], captureUncaught: false, captureSignals: false,
       captureUnhandledRejections: 'none', dedupeWindowMs: 0, logger: { warn() {}, error() {} } ${init} });
     const frames = (files) => files.map((f, i) => '    at h' + i + ' (' + f + ':3:1)').join('\\n');
     ${body}
     await client.close(5000);`,
    { cwd, scriptDir: dir, env: { COLLECTOR: collector.url, TRACE_FILE: traceFile }, args: ['--import', TRACE] },
  );
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return { events: collector.events.slice(before), trace: JSON.parse(readFileSync(traceFile, 'utf8')) as Trace, stderr: result.stderr };
}

/** Paths a trace shows were opened or read, whatever way they were spelled. */
const touched = (trace: Trace, needle: string): string[] => trace.opens.filter((p) => p.includes(needle));
const bytesOf = (trace: Trace, needle: string): number =>
  Object.entries(trace.bytes)
    .filter(([p]) => p.includes(needle))
    .reduce((sum, [, n]) => sum + n, 0);
const contexts = (events: Event[]): number => events.flatMap((e) => e.exceptions.flatMap((x) => x.frames)).filter((f) => f.context).length;

describe('stack strings never make the SDK read a file it must not', () => {
  let collector: Collector;
  let app: string;
  let outside: string;
  beforeAll(async () => {
    collector = await startCollector();
    const parent = tempDir('bm-files-');
    app = join(parent, 'app');
    outside = join(parent, 'outside.js');
    mkdirSync(join(app, 'lib'), { recursive: true });
    mkdirSync(join(app, '.git', 'hooks'), { recursive: true });
    writeFileSync(join(app, 'package.json'), '{ "name": "victim", "type": "module" }');
    writeFileSync(join(app, '.env'), `API_KEY=abc123\n${SECRET}\nOTHER=1\n`);
    writeFileSync(join(app, '.git', 'hooks', 'post.js'), `// ${SECRET}\n`);
    writeFileSync(join(app, 'lib', 'notes.txt'), `${SECRET}\n`);
    writeFileSync(outside, `export const x = '${SECRET}';\n`);
    writeFileSync(join(app, 'lib', 'app.js'), 'export function handler() {\n  // app code\n  throw new Error("x");\n}\n');
    symlinkSync(join(app, '.env'), join(app, 'lib', 'env.js'));
    symlinkSync('/etc/passwd', join(app, 'lib', 'passwd.js'));
    // 9 MB of source: over the context-line cap, under the source-map cap; seven hard links are seven more real files.
    writeFileSync(join(app, 'lib', 'x.js'), ('var a = 1; // ' + 'y'.repeat(70) + '\n').repeat(Math.ceil((9 * MB) / 86)));
    for (let i = 1; i <= 21; i++) linkSync(join(app, 'lib', 'x.js'), join(app, 'lib', `x${i}.js`));
    writeFileSync(join(app, 'big.log'), Buffer.alloc(31 * MB, 0x61));
    writeFileSync(join(app, 'lib', 'huge.js'), Buffer.alloc(33 * MB, 0x20));
  });
  afterAll(() => collector.close());

  it('a plain object with a crafted stack reads nothing at all; the same stack on an Error reads none of .env, dot folders, links out, /proc, /etc or files outside the app', async () => {
    const targets = [
      join(app, '.env'),
      '/proc/self/environ',
      '/etc/passwd',
      join(app, 'lib', 'env.js'),
      join(app, 'lib', 'passwd.js'),
      join(app, 'lib', 'notes.txt'),
      join(app, '.git', 'hooks', 'post.js'),
      join(app, 'lib', '..', '..', 'outside.js'),
      outside,
      'file://' + join(app, '.env'),
    ];
    const { events, trace } = await run(
      app,
      collector,
      `const targets = ${JSON.stringify(targets)};
       client.captureException({ message: 'upstream failed', stack: 'Error: upstream failed\\n' + frames(targets) });
       const e = new Error('deserialised'); e.stack = 'Error: deserialised\\n' + frames(targets);
       client.captureException(e);
       // A plain object naming the app's own real source: still nothing is read for it.
       client.captureException({ message: 'plain', stack: 'Error: plain\\n' + frames([${JSON.stringify(join(app, 'lib', 'app.js'))}]) });`,
    );
    expect(events).toHaveLength(3);
    for (const needle of ['.env', '/proc/', '/etc/passwd', 'passwd.js', 'notes.txt', '.git', 'outside.js', 'lib/app.js']) expect(touched(trace, needle)).toEqual([]);
    expect(contexts(events)).toBe(0);
    const wire = JSON.stringify(events);
    expect(wire).not.toContain('correct-horse');
    expect(wire).not.toContain('root:x:0:0');
    // The frames themselves still go out (the stack is what it is), and the plain object's is fingerprinted like any stack.
    const forged = events.find((e) => e.exceptions[0].message === 'deserialised');
    expect(forged?.exceptions[0].frames.map((f) => f.file)).toContain('/etc/passwd');
  });

  it('started in / (systemd\'s working directory) the file-system root is no app root; appRoot "/" is no root either', async () => {
    const targets = ['/etc/passwd', '/proc/self/environ', join(app, 'lib', 'app.js'), TRACE];
    const body = `const e = new Error('from /'); e.stack = 'Error: from /\\n' + frames(${JSON.stringify(targets)}); client.captureException(e);`;
    const fromRoot = await run(app, collector, body, '', '/');
    // The app's own file is still readable (its root is the app's package folder); nothing else is.
    expect(touched(fromRoot.trace, '/etc/passwd')).toEqual([]);
    expect(touched(fromRoot.trace, '/proc/')).toEqual([]);
    expect(touched(fromRoot.trace, 'trace-reads.mjs').filter((p) => !p.startsWith('file:'))).toEqual([]);
    const rootConfigured = await run(app, collector, body, `, appRoot: '/'`);
    for (const needle of ['/etc/passwd', '/proc/', 'lib/app.js']) expect(touched(rootConfigured.trace, needle)).toEqual([]);
  });

  it('one 9 MB file named under 100 spellings is opened once and read at most once; bigger files and non-sources are never read; a capture reads at most its budget', async () => {
    const spellings = Array.from({ length: 100 }, (_, i) => join(app, 'lib') + '/.'.repeat(i + 1) + '/x.js');
    const many = Array.from({ length: 21 }, (_, i) => join(app, 'lib', `x${i + 1}.js`));
    const { events, trace } = await run(
      app,
      collector,
      `const e = new Error('spellings'); e.stack = 'Error: spellings\\n' + frames(${JSON.stringify(spellings)}); client.captureException(e);
       await client.flush();
       const f = new Error('big files'); f.stack = 'Error: big files\\n' + frames(${JSON.stringify([join(app, 'big.log'), join(app, 'lib', 'huge.js')])}); client.captureException(f);
       await client.flush();
       // 21 distinct 9 MB files, seven in the error and seven in each of its two causes: one capture.
       const many = ${JSON.stringify(many)};
       const withStack = (m, files) => Object.assign(new Error(m), { stack: 'Error: ' + m + '\\n' + frames(files) });
       const g = withStack('many files', many.slice(0, 7));
       g.cause = withStack('cause 1', many.slice(7, 14));
       g.cause.cause = withStack('cause 2', many.slice(14));
       client.captureException(g);`,
      `, contextLines: 3`,
    );
    expect(events).toHaveLength(3);
    const x = join(app, 'lib', 'x.js');
    // Once, by the source mapper (synchronously, under its 32 MB cap); context lines reuse that read (and refuse its size).
    expect(trace.opens.filter((p) => p === x)).toHaveLength(1);
    expect(trace.opens.filter((p) => p.endsWith('/x.js') && p !== x)).toEqual([]);
    expect(bytesOf(trace, '/lib/x.js')).toBeLessThanOrEqual(readFileSync(x).length);
    expect(touched(trace, 'big.log')).toEqual([]);
    expect(bytesOf(trace, 'huge.js')).toBe(0);
    // 189 MB of distinct files across one capture's stacks: its 64 MB budget stops the reads.
    const manyBytes = many.reduce((sum, f) => sum + bytesOf(trace, f), 0);
    expect(manyBytes).toBeLessThanOrEqual(64 * MB);
    expect(manyBytes).toBeGreaterThan(0);
  });

  it('context lines (from the disk and from a source map\'s sourcesContent) are scrubbed like messages', async () => {
    const dir = tempDir('bm-scrub-');
    writeFileSync(join(dir, 'package.json'), '{ "name": "scrubbed", "type": "module" }');
    writeFileSync(
      join(dir, 'db.js'),
      [
        'const password = "hunter2-never-on-slack";',
        'const url = "postgres://admin:s3cr3t-pw@db.internal:5432/shop";',
        'const headers = { authorization: "Bearer abcdef0123456789" };',
        'export function connect() {',
        '  throw new Error("db down");',
        '}',
        '',
      ].join('\n'),
    );
    const { build } = await import('esbuild');
    writeFileSync(join(dir, 'cart.ts'), 'const apiKey = "key-0123456789abcdef";\nexport function pay(): number {\n  throw new Error("no pay " + apiKey.length);\n}\n');
    await build({ entryPoints: [join(dir, 'cart.ts')], bundle: true, platform: 'node', format: 'esm', sourcemap: 'linked', outfile: join(dir, 'dist', 'cart.js'), logLevel: 'silent' });
    const { events, trace } = await run(
      dir,
      collector,
      `const { connect } = await import('./db.js');
       try { connect(); } catch (e) { client.captureException(e); }
       await client.flush();
       const { pay } = await import('./dist/cart.js');
       try { pay(); } catch (e) { client.captureException(e); }`,
    );
    expect(events).toHaveLength(2);
    const top = (e: Event) => e.exceptions[0].frames[e.exceptions[0].frames.length - 1];
    expect(top(events[0]).context?.line).toContain('throw new Error("db down")');
    expect(top(events[0]).context?.pre.join('\n')).toContain('postgres://');
    expect(top(events[1]).file).toBe(join(dir, 'cart.ts'));
    expect(top(events[1]).context?.pre.join('\n')).toContain('apiKey');
    // The mapper (looking for a map) and context lines share one read of each file.
    expect(trace.opens.filter((p) => p === join(dir, 'db.js'))).toHaveLength(1);
    const wire = JSON.stringify(events);
    for (const secret of ['hunter2', 's3cr3t-pw', 'abcdef0123456789', 'key-0123456789abcdef']) expect(wire).not.toContain(secret);
  });
});
