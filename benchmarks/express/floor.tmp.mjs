import express from 'express';
import { AsyncLocalStorage } from 'node:async_hooks';
const variant = process.env.V ?? 'bare';
const app = express();
if (variant === 'noop') app.use((req, res, next) => next());
if (variant === 'als') { const als = new AsyncLocalStorage(); app.use((req, res, next) => als.run({}, next)); }
if (variant === 'bm' || variant === 'bmnoals') {
  const bm = await import('@bugmastery/node');
  bm.init({ transports: [{ name: 'count', write() {} }], logger: { warn() {}, error() {} } });
  app.use(bm.expressRequestHandler());
}
if (variant === 'sym') { const als = new AsyncLocalStorage(); const S = Symbol('s'); app.use((req, res, next) => { req[S] = {}; als.run({}, next); }); }
if (variant === 'route') { const als = new AsyncLocalStorage(); const V = Symbol('v'), B = Symbol('b'); let done = false;
  app.use((req, res, next) => { if (!done) { done = true; Object.defineProperty(Object.getPrototypeOf(req), 'route', { configurable: true, enumerable: true, get() { return this[V]; }, set(v) { this[V] = v; this[B] = this.baseUrl; } }); } als.run({}, next); }); }
if (variant === 'route2') { const als = new AsyncLocalStorage(); const R = Symbol('r'); let done = false;
  app.use((req, res, next) => { if (!done) { done = true; Object.defineProperty(Object.getPrototypeOf(req), 'route', { configurable: true, enumerable: true, get() { return this[R]?.route; }, set(v) { const r = this[R]; if (r) { r.route = v; r.base = this.baseUrl; } } }); } req[R] = { route: undefined, base: undefined }; als.run({}, next); }); }
if (variant === 'alson') { const als = new AsyncLocalStorage(); als.run({}, () => {}); app.use((req, res, next) => next()); }
if (variant === 'bminit') {
  const bm = await import('@bugmastery/node');
  bm.init({ transports: [{ name: 'count', write() {} }], logger: { warn() {}, error() {} } });
}
app.get('/__cpu', (_q, res) => { const u = process.cpuUsage(); res.json({ cpuUs: u.user + u.system }); });
app.get('/hello', (_req, res) => { res.send('hello'); });
const server = app.listen(0, '127.0.0.1', () => process.stdout.write(`LISTENING ${server.address().port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
