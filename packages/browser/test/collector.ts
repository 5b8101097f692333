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
  /** While set, answers 503 (with CORS headers, so the page reads the status) and keeps those requests apart. */
  refusing: boolean;
  refused: Received[];
  /**
   * While set, holds each request unanswered (a slow collector); its events count once it is
   * answered 200 by `release()`. A request the page abandons meanwhile is never stored.
   */
  holding: boolean;
  held: Received[];
  /** Held requests whose connection the page closed before an answer. */
  abandoned: number;
  release(): void;
  /** Every event posted (JSON `{ events }` bodies, whatever the content type: beacons arrive as text/plain). */
  events(): Record<string, unknown>[];
  /** Resolves once `n` events arrived (bounded by the test timeout). */
  waitForEvents(n: number): Promise<Record<string, unknown>[]>;
  /** Resolves once `n` requests were refused. */
  waitForRefused(n: number): Promise<void>;
  /** Resolves once `n` requests are held. */
  waitForHeld(n: number): Promise<void>;
  /** Resolves once the page closed `n` held requests' connections. */
  waitForAbandoned(n: number): Promise<void>;
  close(): Promise<void>;
}

/** A real HTTP collector on 127.0.0.1 that answers CORS preflights, as a cross-origin endpoint must. */
export async function startCollector(port = 0): Promise<Collector> {
  const requests: Received[] = [];
  const refused: Received[] = [];
  const held: Received[] = [];
  const pending: (() => void)[] = [];
  const waiters: (() => void)[] = [];
  const events = (): Record<string, unknown>[] =>
    requests.flatMap((r) => {
      try {
        return (JSON.parse(r.body) as { events?: Record<string, unknown>[] }).events ?? [];
      } catch {
        return [];
      }
    });
  const collector = { refusing: false, holding: false, abandoned: 0 } as Collector;
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
      const received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      if (collector.holding) {
        held.push(received);
        let gone = false;
        res.on('close', () => {
          if (res.writableEnded) return;
          gone = true;
          collector.abandoned++;
          waiters.splice(0).forEach((w) => w());
        });
        pending.push(() => {
          if (gone || res.destroyed) return;
          requests.push(received);
          res.writeHead(200, { ...cors, 'content-type': 'application/json' });
          res.end('{}');
        });
        waiters.splice(0).forEach((w) => w());
        return;
      }
      if (collector.refusing) {
        refused.push(received);
        res.writeHead(503, cors);
        res.end();
        waiters.splice(0).forEach((w) => w());
        return;
      }
      requests.push(received);
      res.writeHead(200, { ...cors, 'content-type': 'application/json' });
      res.end('{}');
      waiters.splice(0).forEach((w) => w());
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actual = (server.address() as AddressInfo).port;
  Object.assign(collector, {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    requests,
    refused,
    held,
    release() {
      collector.holding = false;
      pending.splice(0).forEach((answer) => answer());
      waiters.splice(0).forEach((w) => w());
    },
    events,
    async waitForEvents(n: number) {
      while (events().length < n) await new Promise<void>((resolve) => waiters.push(resolve));
      return events();
    },
    async waitForRefused(n: number) {
      while (refused.length < n) await new Promise<void>((resolve) => waiters.push(resolve));
    },
    async waitForHeld(n: number) {
      while (held.length < n) await new Promise<void>((resolve) => waiters.push(resolve));
    },
    async waitForAbandoned(n: number) {
      while (collector.abandoned < n) await new Promise<void>((resolve) => waiters.push(resolve));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
  return collector;
}
