// The Express 5 app under load: a hello route and a route that throws on every request, bare or
// with one SDK (BENCH_SDK = bare | bugmastery | sentry), or with only an AsyncLocalStorage run per
// request (als: the platform's floor for per-request async context). Same routes and the same
// final error handler (a plain 500, no logging) for all. Listens on 127.0.0.1 only.
import express from 'express';

const sdk = process.env.BENCH_SDK ?? 'bare';
const app = express();
let delivered = () => 0;
let after = () => {};

if (sdk === 'bugmastery') {
  const bm = await import('@bugmastery/node');
  for (const name of ['init', 'expressRequestHandler', 'expressErrorHandler']) {
    if (typeof bm[name] !== 'function') throw new Error(`@bugmastery/node does not export ${name} yet`);
  }
  let n = 0;
  bm.init({ transports: [{ name: 'count', write: (events) => void (n += events.length) }], logger: { warn() {}, error() {} } });
  delivered = () => n;
  app.use(bm.expressRequestHandler());
  after = () => app.use(bm.expressErrorHandler());
} else if (sdk === 'als') {
  // The platform floor for per-request async context: an AsyncLocalStorage run per request, no SDK.
  const { AsyncLocalStorage } = await import('node:async_hooks');
  const storage = new AsyncLocalStorage();
  app.use((_req, _res, next) => storage.run({}, next));
} else if (sdk === 'sentry') {
  const Sentry = await import('@sentry/node');
  delivered = () => globalThis.__benchDelivered;
  after = () => Sentry.setupExpressErrorHandler(app);
}

app.get('/hello', (_req, res) => {
  res.send('hello');
});
app.get('/throw', () => {
  throw new Error('route failed');
});
app.get('/__cpu', (_req, res) => {
  const { user, system } = process.cpuUsage();
  res.json({ cpuUs: user + system });
});
app.get('/__delivered', (_req, res) => {
  res.json({ delivered: delivered() });
});
after();
app.use((_err, _req, res, _next) => {
  res.status(500).send('error');
});

const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));

// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
