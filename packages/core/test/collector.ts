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
  requests: Received[];
  /** Decides the status (and headers) of each response; default 200. */
  respond: (req: Received, index: number) => { status: number; headers?: Record<string, string> };
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 that records what transports send. */
export async function startCollector(): Promise<Collector> {
  const collector = {
    url: '',
    requests: [] as Received[],
    respond: (() => ({ status: 200 })) as Collector['respond'],
    close: async () => undefined,
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      collector.requests.push(received);
      const { status, headers } = collector.respond(received, collector.requests.length - 1);
      res.writeHead(status, headers);
      res.end(status < 300 ? '{}' : 'error');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  collector.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  collector.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return collector;
}
