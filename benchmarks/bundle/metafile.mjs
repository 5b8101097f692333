// Where the browser bytes are: bundles each setup the way the size budget does (esbuild, minify,
// ESM, browser, NODE_ENV=production) from the packages' sources, writes each esbuild metafile to
// benchmarks/bundle/meta/<setup>.json and prints the minified bytes each module contributes.
// Run after `npm run build`: node benchmarks/bundle/metafile.mjs [setup…]
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { devFlag } from '../../packages/core/dev-flag.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const outDir = fileURLToPath(new URL('./meta/', import.meta.url));
const setups = {
  default: `${root}packages/browser/size/app.js`,
  'errors-only': `${root}packages/browser/size/errors-only.js`,
  'core-only': `${root}packages/browser/size/core-app.js`,
  'script-tag': `${root}packages/browser/src/index.ts`,
};

// Sources, not dist: the metafile then names each module instead of one dist file per package.
// `@bugmastery/core/internal` too: resolved to dist it would bring core a second time, as one chunk.
const sources = {
  name: 'sources',
  setup(b) {
    b.onResolve({ filter: /^@bugmastery\/(core|browser)(\/internal)?$/ }, (args) => {
      const [, pkg, entry = 'index'] = args.path.split('/');
      return { path: `${root}packages/${pkg}/src/${entry}.ts` };
    });
  },
};

// Sources built as the `browser` export condition builds them (packages/core/tsup.config.ts): development-only
// texts behind NODE_ENV, production here, so they are left out as from the dist bundles.
const browserDev = devFlag('process.env.NODE_ENV !== "production"');

/** The parts benchmarks/README.md prices: first matching rule wins. */
const parts = [
  ['error-stack-parser + stackframe', /error-stack-parser|stackframe/],
  ['core: client (pipeline wiring, stats, flush, replay)', /core\/src\/(client|current|process-wide|once-logger|text|timer|version)\./],
  ['core: option schema (checks, defaults, the one warning)', /core\/src\/options\//],
  ['core: delivery (batches, retries, backoff, Retry-After, breaker, timeouts)', /core\/src\/delivery\//],
  ['core: event building, normalisation, safe JSON, size limit', /core\/src\/(event\/(build|normalize|json|limit|is-event)|error-info)\./],
  ['core: scrubbing (keys, token shapes, card numbers, context lines)', /core\/src\/event\/(scrub|secret-keys|token-shapes|card-number|context-lines)\./],
  ['core: stack, frames, fingerprint, hash, ids', /core\/src\/(stack\/|fingerprint|hash|hex|id\.)/],
  ['core: scope', /core\/src\/scope\./],
  ['core: bug store and the bugmaster\'s workflow (script tag only)', /core\/src\/(pipeline\/bug-|rotation)/],
  ['core: decisions (sample, ignore, dedupe, rate limit, snooze)', /core\/src\/pipeline\//],
  ['core: transport setup (resolve, url, http, payload check)', /core\/src\/transports\/(resolve|url|http|payload)\./],
  ['core: the other transports', /core\/src\/transports\//],
  ['browser: init, handlers, page context, URL rules', /browser\/src\/(handlers|context|urls|lean|init|undo|version|integration|index)\./],
  ['browser: keepalive / beacon / page hide', /browser\/src\/unload\./],
  ['browser: offline queue', /browser\/src\/(offline|storage-queue)\./],
  ['browser: breadcrumbs', /browser\/src\/(breadcrumbs\/|patch\.)/],
  ['browser: wrapCallbacks', /browser\/src\/wrap\./],
];

const wanted = process.argv.slice(2);
mkdirSync(outDir, { recursive: true });
for (const [name, entry] of Object.entries(setups)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  const iife = name === 'script-tag';
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: iife ? 'iife' : 'esm',
    globalName: iife ? 'Bugmastery' : undefined,
    platform: 'browser',
    target: iife ? 'es2020' : undefined,
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [sources, browserDev],
    write: false,
    metafile: true,
    logLevel: 'warning',
  });
  writeFileSync(`${outDir}${name}.json`, JSON.stringify(result.metafile));
  const code = result.outputFiles[0].contents;
  console.log(`\n${name}: ${code.length} B minified, ${gzipSync(code, { level: 9 }).length} B min+gzip`);
  const inputs = Object.values(result.metafile.outputs)[0].inputs;
  const rows = Object.entries(inputs)
    .map(([path, { bytesInOutput }]) => [bytesInOutput, path.replace(/^.*node_modules\//, '').replace(/^.*packages\//, '')])
    .filter(([bytes]) => bytes > 0)
    .sort((a, b) => b[0] - a[0]);
  for (const [bytes, path] of rows) console.log(`${String(bytes).padStart(7)}  ${path}`);
  const byPart = new Map();
  for (const [bytes, path] of rows) {
    const part = parts.find(([, rule]) => rule.test(path))?.[0] ?? 'other';
    byPart.set(part, (byPart.get(part) ?? 0) + bytes);
  }
  console.log(`  by part (minified bytes):`);
  for (const [part, bytes] of [...byPart].sort((a, b) => b[1] - a[1])) console.log(`${String(bytes).padStart(7)}  ${part}`);
}
