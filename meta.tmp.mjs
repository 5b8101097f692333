import * as esbuild from 'esbuild';
import { gzipSync } from 'node:zlib';
const r = await esbuild.build({
  stdin: { contents: "import { init, httpTransport } from './packages/browser/src/index.ts'; const c = init({ transports: [httpTransport({ url: 'https://e.example.com/x' })] }); c.captureException(new Error('x'));", resolveDir: process.cwd(), loader: 'ts' },
  bundle: true, minify: true, format: 'esm', platform: 'browser', write: false, metafile: true, define: { 'process.env.NODE_ENV': '"production"' },
  alias: { '@bugmastery/core': './packages/core/src/index.ts' },
});
const out = r.outputFiles[0].contents;
console.log('min', out.length, 'gz', gzipSync(out, { level: 9 }).length);
const inputs = Object.values(r.metafile.outputs)[0].inputs;
for (const [k, v] of Object.entries(inputs).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)) console.log(String(v.bytesInOutput).padStart(6), k);
if (process.argv[2]) (await import('node:fs')).writeFileSync(process.argv[2], out);
