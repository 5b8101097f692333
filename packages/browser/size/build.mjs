// Bundles each measured setup (default init, errors-only initLean, core alone) the way PEERS.md bundles every SDK (esbuild, minify, ESM, browser,
// NODE_ENV=production) so size-limit measures what a page would ship. Needs `npm run build` first.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
await build({
  entryPoints: [`${here}app.js`, `${here}errors-only.js`, `${here}core-app.js`],
  outdir: `${here}dist`,
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
