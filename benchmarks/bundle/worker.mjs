// Browser bundle size: every minimal app bundled the same way (esbuild: bundle, minify, ESM,
// browser, NODE_ENV=production), then gzip level 9. Sentry is also built with its debug code
// compiled out (__SENTRY_DEBUG__: false), as its docs suggest for size.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { report } from '../lib/child.mjs';

const here = dirname(fileURLToPath(import.meta.url));

async function bundle(entry, define = {}) {
  const out = await build({
    entryPoints: [join(here, 'entries', entry)],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"', ...define },
  });
  const code = out.outputFiles[0].contents;
  return { minBytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
}

const rows = {};
try {
  rows.bugmastery = { ...(await bundle('bugmastery.js')), entry: '@bugmastery/browser init' };
} catch (err) {
  // packages/browser not built yet (or no `init`): measure core's createClient + httpTransport and say so.
  rows.bugmastery = { ...(await bundle('bugmastery-core.js')), entry: '@bugmastery/core createClient (browser package not built)', fallback: String(err.message).split('\n')[0] };
}
try {
  rows.errorsOnly = { ...(await bundle('bugmastery-errors-only.js')), entry: '@bugmastery/browser initLean' };
  // The script-tag build as shipped (tsup, IIFE, minified): gzip of the file itself.
  const iife = readFileSync(join(here, '../../packages/browser/dist/bugmastery.min.js'));
  rows.scriptTag = { minBytes: iife.length, gzipBytes: gzipSync(iife, { level: 9 }).length, entry: 'dist/bugmastery.min.js (IIFE)' };
} catch {
  /* browser package not built: the rows are left out */
}
rows.sentry = { ...(await bundle('sentry.js')), entry: '@sentry/browser init' };
rows.sentryNoDebug = { ...(await bundle('sentry.js', { __SENTRY_DEBUG__: 'false' })), entry: '@sentry/browser init, __SENTRY_DEBUG__ false' };
rows.bugsnag = { ...(await bundle('bugsnag.js')), entry: '@bugsnag/browser start' };
report(rows);

// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
