import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runScript, tempDir } from './support/child';
import { startCollector, type Collector } from './support/collector';

const TRACE = resolve(__dirname, 'support/trace-reads.mjs');
let collector: Collector;
let app: string;
let parent: string;
beforeAll(async () => {
  collector = await startCollector();
  parent = tempDir('bm-probe-');
  app = join(parent, 'app');
  mkdirSync(join(app, 'lib'), { recursive: true });
  mkdirSync(join(parent, 'outdir'));
  writeFileSync(join(parent, 'outdir', 'o.js'), 'const OUTSIDE_SECRET = 1;\n'.repeat(5));
  writeFileSync(join(parent, 'outside.js.map'), JSON.stringify({ version: 3, sources: ['s.js'], sourcesContent: ['MAP_OUTSIDE_SECRET\n'.repeat(5)], mappings: 'AAAA', names: [] }));
  writeFileSync(join(app, 'package.json'), '{ "name": "victim", "type": "module" }');
  writeFileSync(join(app, '.env'), 'DOTENV_SECRET=1\n'.repeat(5));
  symlinkSync(join(parent, 'outdir'), join(app, 'lib', 'linkdir'));
  symlinkSync('/etc', join(app, 'lib', 'etclink'));
  execFileSync('mkfifo', [join(app, 'lib', 'fifo.js')]);
  const maps: Record<string, string> = {
    up: '../../outside.js.map',
    enc: '%2E%2E/%2E%2E/outside.js.map',
    fileurl: 'file://' + join(parent, 'outside.js.map'),
    proc: '/proc/self/environ',
    etc: 'file:///etc/passwd',
    data: 'data:application/json;base64,' + Buffer.from(JSON.stringify({ version: 3, sources: ['/etc/passwd', '../.env', '../../outdir/o.js'], sourceRoot: '', mappings: 'AAAA;AACA;AAEA', names: [] })).toString('base64'),
    srcroot: 'data:application/json,' + encodeURIComponent(JSON.stringify({ version: 3, sourceRoot: '/etc', sources: ['passwd'], mappings: 'AAAA', names: [] })),
  };
  for (const [name, url] of Object.entries(maps)) writeFileSync(join(app, 'lib', `m-${name}.js`), `throw 1;\nthrow 2;\nthrow 3;\n//# sourceMappingURL=${url}\n`);
});
afterAll(() => collector.close());

it('probe', async () => {
  const targets = [
    'file:///' + join(app, 'lib', '%2e%2e', '.env').slice(1),
    'file://localhost/etc/passwd',
    'file://localhost' + join(app, '.env'),
    '/proc/self/root/etc/passwd',
    '/proc/self/root' + join(app, '.env'),
    '/proc/self/cwd/.env',
    '/proc/self/cwd/lib/../.env',
    '/proc/self/fd/0',
    'C:\\app\\.env',
    '\\\\?\\C:\\app\\.env',
    'node:internal/process/task_queues',
    join(app, 'lib', 'linkdir', 'o.js'),
    join(app, 'lib', 'etclink', 'hostname.js'),
    join(app, 'lib', 'fifo.js'),
    ...['up', 'enc', 'fileurl', 'proc', 'etc', 'data', 'srcroot'].map((n) => join(app, 'lib', `m-${n}.js`)),
  ];
  const traceFile = join(tempDir('bm-trace-'), 'trace.json');
  const result = await runScript(
    `import { init, httpTransport } from 'SDK';
     const client = init({ transports: [httpTransport({ url: process.env.COLLECTOR })], captureUncaught: false, captureSignals: false,
       captureUnhandledRejections: 'none', dedupeWindowMs: 0, contextLines: 3, logger: { warn() {}, error() {} } });
     const targets = ${JSON.stringify(targets)};
     const e = new Error('probe'); e.stack = 'Error: probe\\n' + targets.map((f, i) => '    at h' + i + ' (' + f + ':2:1)').join('\\n');
     client.captureException(e);
     await client.flush(3000);
     client.captureException(e);
     await client.close(5000);`,
    { cwd: app, scriptDir: app, env: { COLLECTOR: collector.url, TRACE_FILE: traceFile }, args: ['--import', TRACE] },
  );
  const trace = JSON.parse(readFileSync(traceFile, 'utf8')) as { opens: string[]; bytes: Record<string, number> };
  console.log('EXIT', result.code, result.stderr.slice(0, 500));
  console.log('OPENS', JSON.stringify(trace.opens.filter((p) => !p.includes('node_modules') && !p.endsWith('main.mjs') && !p.includes('trace')), null, 1));
  const wire = JSON.stringify(collector.events);
  for (const needle of ['DOTENV_SECRET', 'OUTSIDE_SECRET', 'root:x', 'MAP_OUTSIDE']) console.log(needle, wire.includes(needle));
  console.log('contexts', collector.events.flatMap((ev) => ev.exceptions.flatMap((x) => x.frames)).filter((f) => f.context).map((f) => f.file));
  expect(result.code).toBe(0);
}, 30000);
