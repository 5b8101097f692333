// node examples/fleet/run.mjs — eight worker processes (Node cluster) throw the same bug against
// one local redis-server; a local collector stands in for Slack and prints what would be posted:
// "new" at 1, then 10, 100 and 1000 across the fleet — once each, though no worker sees 1000.
// Needs `redis-server` on PATH and the packages built (`npm run build`).
import cluster from 'node:cluster';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
// @bugmastery/node's init: fingerprints relative to the app root, so the bug is the same one in every
// worker, after a restart and in the next deploy's folder — one count, one state in Redis.
import { httpTransport, init, slackTransport } from '@bugmastery/node';
import { redisStore } from '@bugmastery/redis';

const WORKERS = 8;
const CAPTURES_PER_WORKER = 200; // 1,600 in all: no worker reaches 1000 on its own
// One prefix per run, chosen by the primary and passed to the workers.
const PREFIX = process.env.FLEET_PREFIX ?? `fleet-example-${process.pid}:`;

function chargeCard(order) {
  throw new TypeError(`card declined for order ${order}`);
}

if (cluster.isPrimary) await primary();
else await worker();

async function primary() {
  const port = await freePort();
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  redis.on('error', () => {
    console.error('redis-server is not installed (apt-get install redis-server)');
    process.exit(1);
  });
  // Wait (bounded) until redis-server answers.
  const probe = redisStore({ url: `redis://127.0.0.1:${port}`, prefix: PREFIX });
  for (let i = 0; i < 100 && !(await probe.get('-').then(() => true, () => false)); i++) await new Promise((r) => setTimeout(r, 50));
  await probe.close();

  // The stand-in for Slack's incoming webhook: prints each post's header line.
  let posts = 0;
  let events = 0;
  const collector = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      if (req.url === '/slack') {
        const message = JSON.parse(body);
        const count = message.blocks[2].fields.find((f) => f.text.startsWith('*Count*')).text.split('\n')[1];
        console.log(`slack ← ${message.blocks[0].text.text}   [count ${count}]`);
        posts++;
      } else events += JSON.parse(body).events.length;
      res.writeHead(200).end('{}');
    });
  });
  await new Promise((resolve) => collector.listen(0, '127.0.0.1', resolve));
  const env = { FLEET_PREFIX: PREFIX, REDIS_URL: `redis://127.0.0.1:${port}`, COLLECTOR: `http://127.0.0.1:${collector.address().port}` };

  console.log(`${WORKERS} workers × ${CAPTURES_PER_WORKER} captures of one bug, counted in redis-server on port ${port}\n`);
  const exits = [];
  let storeErrors = 0;
  for (let i = 0; i < WORKERS; i++) {
    const w = cluster.fork(env);
    w.on('message', (m) => (storeErrors += m.storeErrors ?? 0));
    exits.push(new Promise((resolve) => w.on('exit', resolve)));
  }
  await Promise.all(exits);

  const store = redisStore({ url: env.REDIS_URL, prefix: PREFIX });
  const [bug] = await store.connection.client.keys(`${PREFIX}bug:*`);
  const total = await store.connection.client.hget(bug, 'count');
  await store.close();
  console.log(`\n${posts} Slack posts for ${WORKERS * CAPTURES_PER_WORKER} occurrences; fleet-wide count in Redis: ${total}; events at the other transport: ${events}`);
  // On an overloaded machine Redis may miss the 250 ms budget: the worker then counts in-process
  // for that event (and may post a duplicate). FLEET_TIMEOUT_MS=1000 gives it more room.
  if (storeErrors > 0) console.log(`${storeErrors} Redis calls missed timeoutMs; those events were counted per process`);
  collector.close();
  redis.kill('SIGTERM');
}

async function worker() {
  const store = redisStore({ url: process.env.REDIS_URL, prefix: PREFIX, timeoutMs: Number(process.env.FLEET_TIMEOUT_MS ?? 250) });
  const client = init({
    release: 'shop@2.0.0',
    transports: [
      slackTransport({ webhookUrl: `${process.env.COLLECTOR}/slack`, counter: store, minIntervalMs: 0 }),
      httpTransport({ url: `${process.env.COLLECTOR}/events` }),
    ],
  });
  // Like a server that starts taking requests once it is up.
  await store.get('-').catch(() => undefined);
  for (let i = 0; i < CAPTURES_PER_WORKER; i++) {
    try {
      chargeCard(i);
    } catch (err) {
      client.captureException(err);
    }
    if (i % 20 === 19) await new Promise((resolve) => setTimeout(resolve, 5));
  }
  // Default dedupe and rate limits dropped most of these locally; close() reports their counts.
  await client.close(5000);
  process.send({ storeErrors: client.stats().transports.slack.storeErrors });
  process.exit(0);
}

function freePort() {
  return new Promise((resolve) => {
    const srv = createTcpServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}
