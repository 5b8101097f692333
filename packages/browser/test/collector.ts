import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface Collector {
  url: string;
  port: number;
  requests: Received[];
  /** Every event posted (JSON `{ events }` bodies, whatever the content type: beacons arrive as text/plain). */
  events(): Record<string, unknown>[];
  /** Resolves once `n` events arrived (bounded by the test timeout). */
  waitForEvents(n: number): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/** A real HTTP collector on 127.0.0.1 that answers CORS preflights, as a cross-origin endpoint must. */
export async function startCollector(port = 0): Promise<Collector> {
  const requests: Received[] = [];
  const waiters: (() => void)[] = [];
  const events = (): Record<string, unknown>[] =>
    requests.flatMap((r) => {
      try {
        return (JSON.parse(r.body) as { events?: Record<string, unknown>[] }).events ?? [];
      } catch {
        return [];
      }
    });
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const cors = {
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'POST, OPTIONS',
        'access-control-allow-headers': 'content-type, authorization',
      };
      if (req.method === 'OPTIONS') {
        res.writeHead(204, cors);
        res.end();
        return;
      }
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { ...cors, 'content-type': 'application/json' });
      res.end('{}');
      waiters.splice(0).forEach((w) => w());
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    requests,
    events,
    async waitForEvents(n) {
      while (events().length < n) await new Promise<void>((resolve) => waiters.push(resolve));
      return events();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
