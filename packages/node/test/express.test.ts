import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expressErrorHandler, expressRequestHandler, init, type Event, type NodeClient } from '../src';

const events: Event[] = [];
let client: NodeClient;
let server: Server;
let base: string;
let appErrors = 0;

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

beforeAll(async () => {
  client = init({
    transports: [{ name: 'memory', write: (batch) => void events.push(...batch) }],
    captureUncaught: false,
    captureUnhandledRejections: 'none',
    captureSignals: false,
    dedupeWindowMs: 0,
    rateLimit: { perFingerprint: { max: 100_000, intervalMs: 60_000 }, global: { max: 100_000, intervalMs: 60_000 } },
    batch: { maxEvents: 50, maxDelayMs: 5, maxQueue: 10_000 },
  });
  const app = express();
  app.use(expressRequestHandler());
  app.get('/sync/:id', () => {
    throw new Error('sync failure');
  });
  app.get('/async', async () => {
    await new Promise((r) => setImmediate(r));
    throw new Error('async failure');
  });
  app.get('/next', (_req, _res, next) => setImmediate(() => next(new Error('next failure'))));
  app.get('/bad', () => {
    throw new HttpError(400, 'bad input');
  });
  app.get('/ok', (_req, res) => void res.send('ok'));
  const router = express.Router();
  router.get('/:n', async (req) => {
    // Awaits between reading nothing and throwing: the scope must survive them.
    await new Promise((r) => setTimeout(r, Number(req.params.n) % 7));
    await Promise.resolve();
    throw new Error(`concurrent ${String(req.headers['x-request-tag'])}`);
  });
  app.use('/concurrent', router);
  // Nested routers, each with its own error handler (a common layout): one report per request.
  const inner = express.Router();
  inner.get('/string', () => {
    throw 'a string thrown by a route';
  });
  inner.use(expressErrorHandler());
  const outer = express.Router();
  outer.use('/inner', inner);
  outer.use(expressErrorHandler());
  app.use('/nested', outer);
  app.use(expressErrorHandler());
  // The app's own error handling still runs after ours.
  app.use((err: { status?: number }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    appErrors++;
    res.status(err.status ?? 500).json({ error: true });
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await client.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

async function get(path: string, headers: Record<string, string> = {}): Promise<number> {
  const res = await fetch(base + path, { headers });
  await res.text();
  return res.status;
}

function byMessage(message: string): Event[] {
  return events.filter((e) => e.exceptions[0]?.message === message);
}

describe('Express 5', () => {
  it('sync throw: captured with request context, route tag and scrubbed headers; the app still answers', async () => {
    const status = await get('/sync/42?q=shoes&token=abc', { cookie: 'session=secret', authorization: 'Bearer x', 'x-forwarded-for': '10.1.2.3' });
    expect(status).toBe(500);
    await client.flush();
    const [event] = byMessage('sync failure');
    expect(event.tags.route).toBe('/sync/:id');
    expect(event.exceptions[0].mechanism).toEqual({ type: 'express', handled: false });
    expect(event.request?.method).toBe('GET');
    expect(event.request?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sync\/42\?q=shoes/);
    expect(event.request?.url).not.toContain('abc');
    expect(event.request?.query).toMatchObject({ q: 'shoes' });
    expect(event.request?.headers.cookie).not.toContain('secret');
    expect(event.request?.headers.authorization).not.toContain('Bearer x');
    expect(event.request?.headers['x-forwarded-for']).toBeUndefined();
    expect(event.user?.ip).toBeUndefined();
    // The request is event.request; it is not repeated as a breadcrumb (that would cost every request).
    expect(event.breadcrumbs.some((b) => b.category === 'http.server')).toBe(false);
  });

  it('async rejection and next(err) are captured', async () => {
    expect(await get('/async')).toBe(500);
    expect(await get('/next')).toBe(500);
    await client.flush();
    expect(byMessage('async failure')).toHaveLength(1);
    expect(byMessage('next failure')).toHaveLength(1);
    expect(byMessage('async failure')[0].request?.url).toContain('/async');
  });

  it('a thrown string passing three error handlers (nested routers) is reported once per request', async () => {
    const before = byMessage('a string thrown by a route').length;
    for (let i = 0; i < 3; i++) expect(await get('/nested/inner/string')).toBe(500);
    await client.flush();
    const reported = byMessage('a string thrown by a route');
    expect(reported.length - before).toBe(3);
    expect(client.occurrences(reported[0].fingerprint)).toBe(3); // snooze counts requests, not handler layers
  });

  it('404 and 4xx are not captured by default, but the app handler still runs', async () => {
    const before = events.length;
    const handled = appErrors;
    expect(await get('/missing')).toBe(404);
    expect(await get('/bad')).toBe(400);
    expect(await get('/ok')).toBe(200);
    await client.flush();
    expect(events.length).toBe(before);
    expect(appErrors).toBe(handled + 1);
  });

  it('200 concurrent failing requests: 200 events, each with its own request header', async () => {
    const before = events.length;
    const statuses = await Promise.all(Array.from({ length: 200 }, (_, i) => get(`/concurrent/${i}`, { 'x-request-tag': `tag-${i}` })));
    expect(statuses.every((s) => s === 500)).toBe(true);
    await client.flush(5000);
    const batch = events.slice(before).filter((e) => e.exceptions[0].message.startsWith('concurrent '));
    expect(batch).toHaveLength(200);
    for (const e of batch) expect(e.exceptions[0].message).toBe(`concurrent ${e.request?.headers['x-request-tag']}`);
    expect(new Set(batch.map((e) => e.request?.headers['x-request-tag'])).size).toBe(200);
    expect([...new Set(batch.map((e) => e.tags.route))]).toEqual(['/concurrent/:n']);
  });
});

describe('Express options', () => {
  it('shouldCapture can report 4xx; sendDefaultPii adds the client IP', async () => {
    const mine: Event[] = [];
    const piiClient = init({
      transports: [{ name: 'memory', write: (b) => void mine.push(...b) }],
      captureUncaught: false,
      captureUnhandledRejections: 'none',
      captureSignals: false,
      sendDefaultPii: true,
      logger: { warn: () => undefined, error: () => undefined },
    });
    const app = express();
    app.use(expressRequestHandler());
    app.get('/bad', () => {
      throw new HttpError(422, 'unprocessable');
    });
    app.use(expressErrorHandler({ shouldCapture: (err) => (err as HttpError).status >= 400 }));
    const s = app.listen(0, '127.0.0.1');
    await new Promise((r) => s.once('listening', r));
    try {
      const res = await fetch(`http://127.0.0.1:${(s.address() as AddressInfo).port}/bad`, { headers: { 'x-forwarded-for': '10.9.8.7' } });
      expect(res.status).toBe(422);
      await piiClient.flush();
      expect(mine).toHaveLength(1);
      expect(mine[0].user?.ip).toBe('127.0.0.1');
      expect(mine[0].request?.headers['x-forwarded-for']).toBe('10.9.8.7');
    } finally {
      await piiClient.close();
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
  });
});
