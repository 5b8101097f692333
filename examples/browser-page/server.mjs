// The page, the IIFE bundle and a collector on one origin: `npm run build && node examples/browser-page/server.mjs`.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const bundle = new URL('../../packages/browser/dist/bugmastery.min.js', import.meta.url);
const port = Number(process.env.PORT || 3300);

const server = createServer((req, res) => {
  const { pathname } = new URL(req.url ?? '/', 'http://localhost');
  if (req.method === 'POST' && pathname === '/collect') {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      // Beacons arrive as text/plain: parse the JSON whatever the content type says.
      for (const event of JSON.parse(body).events ?? []) {
        const ex = event.exceptions[0];
        const top = ex?.frames.at(-1);
        console.log(`${event.level} ${ex ? `${ex.type}: ${ex.message}` : event.message}  [${ex?.mechanism.type}]`);
        if (top) console.log(`   at ${top.function ?? '?'} (${top.file}:${top.line}:${top.column})`);
        console.log(`   breadcrumbs: ${event.breadcrumbs.map((c) => c.category).join(', ') || 'none'}; url: ${event.contexts.browser?.url}`);
      }
      res.writeHead(202).end();
    });
    return;
  }
  if (pathname === '/bugmastery.min.js') {
    try {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(bundle));
    } catch {
      res.writeHead(500).end('console.error("run npm run build first")');
    }
    return;
  }
  const file = pathname === '/app.js' ? 'public/app.js' : 'public/index.html';
  res.writeHead(pathname === '/app.js' || pathname === '/' || pathname.startsWith('/products') ? 200 : 404, {
    'content-type': file.endsWith('.js') ? 'text/javascript' : 'text/html',
  });
  res.end(readFileSync(`${here}${file}`));
});

server.listen(port, '127.0.0.1', () => console.log(`open http://127.0.0.1:${port}/ — events are printed here`));
