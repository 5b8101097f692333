// Where the browser bytes are: bundles each setup the way the size budget does (esbuild, minify,
// ESM, browser, NODE_ENV=production) from the packages' sources, writes each esbuild metafile to
// benchmarks/bundle/meta/<setup>.json and prints the minified bytes each module contributes.
// Run after `npm run build`: node benchmarks/bundle/metafile.mjs [setup…]
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('../../', import.meta.url));
const outDir = fileURLToPath(new URL('./meta/', import.meta.url));
const setups = {
  default: `${root}packages/browser/size/app.js`,
  'errors-only': `${root}packages/browser/size/errors-only.js`,
  'core-only': `${root}packages/browser/size/core-app.js`,
  'script-tag': `${root}packages/browser/src/index.ts`,
};

// Sources, not dist: the metafile then names each module instead of one dist file per package.
const sources = {
  name: 'sources',
  setup(b) {
    b.onResolve({ filter: /^@bugmastery\/(core|browser)$/ }, (args) => ({ path: `${root}packages/${args.path.split('/')[1]}/src/index.ts` }));
    b.onResolve({ filter: /^@bugmastery\/core\/internal$/ }, () => ({ path: `${root}packages/core/src/internal.ts` }));
  },
};

/** The parts benchmarks/README.md prices: first matching rule wins. */
const parts = [
  ['error-stack-parser + stackframe', /error-stack-parser|stackframe/],
  ['core: client (pipeline wiring, stats, flush, replay)', /core\/src\/(client|current|process-wide|timer|version)\./],
  ['core: delivery (batches, retries, backoff, Retry-After, breaker, timeouts)', /core\/src\/delivery\//],
  ['core: event building, normalisation, size limit', /core\/src\/(event\/(build|normalize|limit|is-event|json)|error-info|text)\./],
  ['core: scrubbing', /core\/src\/event\/(scrub|secret-keys|token-shapes|card-number|context-lines)\./],
  ['core: options (schema, defaults, warnings)', /core\/src\/(options\/|once-logger)/],
  ['core: stack, frames, fingerprint, hash, ids', /core\/src\/(stack\/|fingerprint|hash|hex|id\.)/],
  ['core: scope', /core\/src\/scope\./],
  ['core: decisions (sample, ignore, dedupe, rate limit, snooze)', /core\/src\/pipeline\//],
  ['core: transport setup (resolve, url, http, payload)', /core\/src\/transports\/(resolve|url|http|payload)\./],
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
    plugins: [sources],
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
