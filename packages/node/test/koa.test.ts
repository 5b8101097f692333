import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import Router from '@koa/router';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { init, koaMiddleware, type Event, type NodeClient } from '../src';

const events: Event[] = [];
const appErrors: unknown[] = [];
let client: NodeClient;
let server: Server;
let base: string;

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
  const app = new Koa();
  app.silent = true;
  app.on('error', (err) => appErrors.push(err));
  app.use(koaMiddleware());
  const router = new Router();
  router.get('/sync/:id', () => {
    throw new Error('koa sync failure');
  });
  router.get('/async', async () => {
    await new Promise((r) => setImmediate(r));
    throw new Error('koa async failure');
  });
  router.get('/bad', (ctx) => ctx.throw(400, 'koa bad input'));
  router.get('/ok', (ctx) => {
    ctx.body = 'ok';
  });
  router.get('/concurrent/:n', async (ctx) => {
    await new Promise((r) => setTimeout(r, Number(ctx.params.n) % 7));
    throw new Error(`koa concurrent ${String(ctx.get('x-request-tag'))}`);
  });
  app.use(router.routes());
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

const byMessage = (m: string) => events.filter((e) => e.exceptions[0]?.message === m);

describe('Koa 3', () => {
  it('sync throw and async rejection: captured with request context, rethrown to Koa', async () => {
    const errorsBefore = appErrors.length;
    expect(await get('/sync/7?page=2', { cookie: 'sid=secret' })).toBe(500);
    expect(await get('/async')).toBe(500);
    await client.flush();
    const [sync] = byMessage('koa sync failure');
    expect(sync.tags.route).toBe('/sync/:id');
    expect(sync.exceptions[0].mechanism).toEqual({ type: 'koa', handled: false });
    expect(sync.request?.url).toMatch(/\/sync\/7\?page=2$/);
    expect(sync.request?.query).toMatchObject({ page: '2' });
    expect(sync.request?.headers.cookie).not.toContain('secret');
    // The request is event.request; it is not repeated as a breadcrumb (that would cost every request).
    expect(sync.breadcrumbs.some((b) => b.category === 'http.server')).toBe(false);
    expect(byMessage('koa async failure')).toHaveLength(1);
    // Koa's own handling still happened.
    expect(appErrors.length).toBe(errorsBefore + 2);
  });

  it('404 and ctx.throw(400) are not captured by default', async () => {
    const before = events.length;
    expect(await get('/missing')).toBe(404);
    expect(await get('/bad')).toBe(400);
    expect(await get('/ok')).toBe(200);
    await client.flush();
    expect(events.length).toBe(before);
  });

  it('200 concurrent failing requests: 200 events, each with its own request header', async () => {
    const before = events.length;
    const statuses = await Promise.all(Array.from({ length: 200 }, (_, i) => get(`/concurrent/${i}`, { 'x-request-tag': `k-${i}` })));
    expect(statuses.every((s) => s === 500)).toBe(true);
    await client.flush(5000);
    const batch = events.slice(before);
    expect(batch).toHaveLength(200);
    for (const e of batch) expect(e.exceptions[0].message).toBe(`koa concurrent ${e.request?.headers['x-request-tag']}`);
    expect(new Set(batch.map((e) => e.request?.headers['x-request-tag'])).size).toBe(200);
  });

  it('shouldCapture can report 4xx', async () => {
    const app = new Koa();
    app.silent = true;
    app.use(koaMiddleware({ shouldCapture: () => true }));
    app.use((ctx) => ctx.throw(418, 'teapot'));
    const s = app.listen(0, '127.0.0.1');
    await new Promise((r) => s.once('listening', r));
    try {
      const res = await fetch(`http://127.0.0.1:${(s.address() as AddressInfo).port}/`);
      expect(res.status).toBe(418);
      await client.flush();
      expect(byMessage('teapot')).toHaveLength(1);
    } finally {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
  });
});
