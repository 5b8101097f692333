import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Posted {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Site {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Pages and scripts served on GET, by path. */
  pages: Map<string, { type: string; body: string | Buffer }>;
  /** Every other request but CORS preflights, as received. */
  posted: Posted[];
  /** The events of every `{ "events": [...] }` body posted so far. */
  events(path?: string): Record<string, unknown>[];
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 playing both a web site (GET) and a collector (anything else; answers 200 and
 * CORS preflights, as a collector of browser events must).
 */
export async function startSite(): Promise<Site> {
  const pages: Site['pages'] = new Map();
  const posted: Posted[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const cors = { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'POST, OPTIONS', 'access-control-allow-headers': '*' };
      const page = req.method === 'GET' ? pages.get((req.url ?? '').split('?')[0]!) : undefined;
      if (page) {
        res.writeHead(200, { 'content-type': page.type });
        res.end(page.body);
        return;
      }
      if (req.method === 'OPTIONS') {
        res.writeHead(204, cors);
        res.end();
        return;
      }
      posted.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(req.method === 'GET' ? 404 : 200, { ...cors, 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    pages,
    posted,
    events: (path) =>
      posted
        .filter((p) => path === undefined || p.url.split('?')[0] === path)
        .flatMap((p) => {
          try {
            return (JSON.parse(p.body) as { events?: Record<string, unknown>[] }).events ?? [];
          } catch {
            return [];
          }
        }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
