import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { Event, Options, Stats } from '../../src';

export { recordingTransport as recorder, memoryLogger, totalDropped, expectAccounted } from '../support';

export const MB = 1024 * 1024;

/** Fast, bounded delivery for fault tests: small timeout, few quick retries, no breaker unless asked. */
export const fastDelivery: NonNullable<Options['delivery']> & { breakerThreshold?: number } = {
  timeoutMs: 200,
  maxRetries: 2,
  baseDelayMs: 5,
  maxDelayMs: 20,
  breakerThreshold: 1000,
};


/** Which drop reasons are non-zero. */
export function reasons(stats: Stats): Record<string, number> {
  return Object.fromEntries(Object.entries(stats.dropped).filter(([, n]) => n > 0));
}

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

// ─── Local servers (127.0.0.1 only) ─────────────────────────────────────────

export interface Hit {
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface FaultServer {
  url: string;
  port: number;
  hits: Hit[];
  /** Every TCP connection accepted, answered or not. */
  connections: number;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: string, index: number) => void;

/** An HTTP server whose every answer is decided by `handler`; `onConnection` may refuse/destroy sockets first. */
export async function httpServer(handler: Handler, onConnection?: (socket: Socket, index: number) => boolean, port = 0): Promise<FaultServer> {
  const sockets = new Set<Socket>();
  const state = { url: '', port: 0, hits: [] as Hit[], connections: 0, close: async (): Promise<void> => undefined };
  const server: Server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', () => undefined);
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      state.hits.push({ url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body, state.hits.length - 1);
    });
  });
  server.on('connection', (socket: Socket) => {
    const index = state.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    if (onConnection && !onConnection(socket, index)) socket.destroy();
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  state.port = (server.address() as AddressInfo).port;
  state.url = `http://127.0.0.1:${state.port}/ingest`;
  state.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return state;
}

/** A raw TCP server: `onSocket` does whatever a broken collector does (garbage, hang, reset). */
export async function tcpServer(onSocket: (socket: Socket) => void): Promise<FaultServer> {
  const sockets = new Set<Socket>();
  const state = { url: '', port: 0, hits: [] as Hit[], connections: 0, close: async (): Promise<void> => undefined };
  const server: NetServer = createNetServer((socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  state.port = (server.address() as AddressInfo).port;
  state.url = `http://127.0.0.1:${state.port}/ingest`;
  state.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return state;
}

/** A loopback port with nothing listening on it (connection refused). */
export async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Event ids carried by a request body in the http transport's json format. */
export function idsIn(body: string): string[] {
  try {
    return (JSON.parse(body) as { events: Event[] }).events.map((e) => e.id);
  } catch {
    return [];
  }
}

/** Records unhandled rejections for the lifetime of a suite. */
export function rejectionSpy(): { seen: unknown[]; stop(): void } {
  const seen: unknown[] = [];
  const listener = (reason: unknown) => void seen.push(reason);
  process.on('unhandledRejection', listener);
  return { seen, stop: () => void process.off('unhandledRejection', listener) };
}

/**
 * The frame of a suite against local servers: no unhandled rejection may escape it, and every
 * server a test starts (through the returned `track`) is closed after that test.
 */
export function faultSuite(): (server: Promise<FaultServer>) => Promise<FaultServer> {
  let spy: ReturnType<typeof rejectionSpy>;
  const servers: FaultServer[] = [];
  beforeAll(() => void (spy = rejectionSpy()));
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  afterAll(() => {
    spy.stop();
    expect(spy.seen).toEqual([]);
  });
  return async (server) => {
    const s = await server;
    servers.push(s);
    return s;
  };
}

/** Own keys on Object.prototype (and friends): anything new there is prototype pollution. */
export function prototypeSnapshot(): string {
  return [Object.prototype, Array.prototype, Function.prototype, Error.prototype]
    .map((p) => Object.getOwnPropertyNames(p).sort().join(','))
    .join('|');
}
