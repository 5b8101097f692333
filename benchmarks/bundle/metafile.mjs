// Where the browser bytes are: bundles each setup the way the size budget does (esbuild, minify,
// ESM, browser, NODE_ENV=production) from the packages' sources, writes each esbuild metafile to
// benchmarks/bundle/meta/<setup>.json and prints the minified bytes each module contributes.
// Run after `npm run build`: node benchmarks/bundle/metafile.mjs [setup…]
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { SourceMapConsumer } from 'source-map';
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
  ['browser: init, handlers, page context, URL rules', /browser\/src\/(handlers|context|urls|lean|init|options|undo|version|integration|index)\./],
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
    sourcemap: 'external',
    outfile: `${outDir}${name}.js`,
    logLevel: 'warning',
  });
  writeFileSync(`${outDir}${name}.json`, JSON.stringify(result.metafile));
  const output = (suffix) => result.outputFiles.find((f) => f.path.endsWith(suffix));
  const code = output('.js').text;
  const gzipped = gzipBytes(code);
  console.log(`\n${name}: ${code.length} B minified, ${gzipped} B min+gzip`);
  const inputs = Object.entries(result.metafile.outputs).find(([file]) => file.endsWith('.js'))[1].inputs;
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
  // Gzip does not split by module: a part's gzip cost is what the bundle's gzip loses when the part's bytes are left out.
  const owners = await ownerOfEachByte(code, JSON.parse(output('.map').text));
  const gzipCost = (rule) => gzipped - gzipBytes([...code].filter((_, i) => !(owners[i] && rule.test(owners[i]))).join(''));
  console.log(`  by part (minified bytes; min+gzip bytes the bundle loses without the part):`);
  for (const [part, bytes] of [...byPart].sort((a, b) => b[1] - a[1])) {
    const rule = parts.find(([p]) => p === part)?.[1];
    console.log(`${String(bytes).padStart(7)}  ${rule ? String(gzipCost(rule)).padStart(6) : '      '}  ${part}`);
  }
}

function gzipBytes(text) {
  return gzipSync(text, { level: 9 }).length;
}

/** The source file each output character came from (through the source map), by its index in `code`. */
async function ownerOfEachByte(code, map) {
  const owners = new Array(code.length).fill(undefined);
  const lineStarts = [0];
  for (let i = 0; i < code.length; i++) if (code[i] === '\n') lineStarts.push(i + 1);
  await SourceMapConsumer.with(map, null, (consumer) => {
    let previous;
    consumer.eachMapping((m) => {
      const at = lineStarts[m.generatedLine - 1] + m.generatedColumn;
      if (previous) owners.fill(previous.source, previous.at, Math.min(at, code.length));
      previous = { at, source: m.source };
    });
    if (previous) owners.fill(previous.source, previous.at);
  });
  return owners;
}
