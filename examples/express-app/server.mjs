// Express 5 with Bugmastery: `npm run build` at the root, then `node examples/express-app/server.mjs`.
// Try: curl localhost:3000/boom, /async-boom, /not-found-user (404: not reported), /ok
import express from 'express';
import { init, consoleTransport, httpTransport, expressRequestHandler, expressErrorHandler } from '@bugmastery/node';

const client = init({
  release: 'express-example@1.0.0',
  environment: process.env.NODE_ENV ?? 'development',
  // Send to your own collector when BUGMASTERY_URL is set; print to the console otherwise.
  transports: process.env.BUGMASTERY_URL ? [httpTransport({ url: process.env.BUGMASTERY_URL })] : [consoleTransport()],
  persist: { dir: '.bugmastery-queue' },
});

const app = express();
app.use(expressRequestHandler()); // first: a scope per request

app.get('/ok', (_req, res) => res.json({ ok: true }));
app.get('/boom', () => {
  throw new Error('Something broke in a sync handler');
});
app.get('/async-boom', async (req) => {
  client.setTag('user_agent_seen', String(Boolean(req.headers['user-agent'])));
  await new Promise((resolve) => setTimeout(resolve, 10));
  throw new TypeError('Something broke after an await');
});
app.get('/not-found-user', (_req, _res, next) => next(Object.assign(new Error('No such user'), { status: 404 })));

app.use(expressErrorHandler()); // after the routes: reports 5xx, then next(err)
app.use((err, _req, res, _next) => res.status(err.status ?? 500).json({ error: err.message }));

const port = Number(process.env.PORT ?? 3000);
const server = app.listen(port, '127.0.0.1', () => console.log(`express example on http://127.0.0.1:${port}`));
process.on('SIGTERM', async () => {
  server.close();
  await client.close();
});
