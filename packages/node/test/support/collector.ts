import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Event } from '@bugmastery/core';

export interface Collector {
  url: string;
  port: number;
  events: Event[];
  /** Resolves once `n` events arrived (bounded by the test timeout). */
  waitFor(n: number): Promise<Event[]>;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 that stands in for the error service (httpTransport's JSON body). */
export async function startCollector(port = 0): Promise<Collector> {
  const events: Event[] = [];
  const waiters: Array<{ n: number; resolve: (e: Event[]) => void }> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { events: Event[] };
        events.push(...body.events);
      } catch {
        /* a malformed body is the test's failure to find, not the server's */
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
      for (const w of waiters.slice()) if (events.length >= w.n) w.resolve(events.slice());
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}/events`,
    port: actual,
    events,
    waitFor: (n) => (events.length >= n ? Promise.resolve(events.slice()) : new Promise((resolve) => waiters.push({ n, resolve }))),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port nobody listens on (a server opened, then closed). */
export async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
