// Koa 3 with Bugmastery: `npm run build` at the root, then `node examples/koa-app/server.mjs`.
// Try: curl localhost:3001/boom, /async-boom, /forbidden (403: not reported), /ok
import Koa from 'koa';
import Router from '@koa/router';
import { init, consoleTransport, httpTransport, koaMiddleware } from '@bugmastery/node';

init({
  release: 'koa-example@1.0.0',
  environment: process.env.NODE_ENV ?? 'development',
  transports: process.env.BUGMASTERY_URL ? [httpTransport({ url: process.env.BUGMASTERY_URL })] : [consoleTransport()],
});

const app = new Koa();
app.use(koaMiddleware()); // first: a scope per request, reports 5xx and rethrows
app.on('error', (err) => console.error('koa saw:', err.message)); // Koa's own handling still runs

const router = new Router();
router.get('/ok', (ctx) => {
  ctx.body = { ok: true };
});
router.get('/boom', () => {
  throw new Error('Something broke in a Koa handler');
});
router.get('/async-boom', async () => {
  await new Promise((resolve) => setTimeout(resolve, 10));
  throw new RangeError('Something broke after an await');
});
router.get('/forbidden', (ctx) => ctx.throw(403, 'Not yours'));
app.use(router.routes());

const port = Number(process.env.PORT ?? 3001);
app.listen(port, '127.0.0.1', () => console.log(`koa example on http://127.0.0.1:${port}`));
