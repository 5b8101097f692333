// node examples/bugmaster/run.mjs — the bugmaster's week against a local redis-server: a shop
// throws three bugs, Slack (a local stand-in) hears about them, and the bugmaster works the inbox
// to zero with the `bugmastery` CLI: snooze, assign, resolve — then one bug regresses.
// Needs `redis-server` on PATH and the packages built (`npm run build`).
import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { init, slackTransport } from '@bugmastery/node';
import { redisStore } from '@bugmastery/redis';

const CLI = fileURLToPath(new URL('../../packages/redis/dist/cli.js', import.meta.url));
const PREFIX = 'shop:';

const port = await freePort();
const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
redis.on('error', () => {
  console.error('redis-server is not installed (apt-get install redis-server)');
  process.exit(1);
});
const url = `redis://127.0.0.1:${port}`;

// The stand-in for Slack: prints each post's header and its bugmaster/assignee fields.
const slack = createServer((req, res) => {
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => {
    const message = JSON.parse(body);
    const fields = Object.fromEntries(message.blocks[2].fields.map((f) => f.text.replace(/\*/g, '').split('\n')));
    const who = [fields.Assignee && `assignee ${fields.Assignee}`, fields.Bugmaster && `bugmaster ${fields.Bugmaster}`].filter(Boolean).join(', ');
    console.log(`  slack ← ${message.blocks[0].text.text}   [${fields.Count}${who ? `; ${who}` : ''}]`);
    res.writeHead(200).end('{}');
  });
});
await new Promise((resolve) => slack.listen(0, '127.0.0.1', resolve));

const store = redisStore({ url, prefix: PREFIX });
for (let i = 0; i < 100 && !(await store.get('-').then(() => true, () => false)); i++) await new Promise((r) => setTimeout(r, 50));
const client = init({
  release: 'shop@3.1.0',
  environment: 'production',
  transports: [
    slackTransport({
      webhookUrl: `http://127.0.0.1:${slack.address().port}/slack`,
      counter: store,
      minIntervalMs: 0,
      rotation: { people: ['U024BE7LH', 'ana', 'ben'], startsOn: '2026-01-05' },
    }),
  ],
  logger: console,
});

function cartTotal() {
  throw new TypeError("Cannot read properties of undefined (reading 'price')");
}
function chargeCard() {
  throw new Error('card declined: issuer unavailable');
}
function applyCoupon() {
  throw new RangeError('coupon SPRING expired');
}
const shop = { cartTotal, chargeCard, applyCoupon };
async function happen(bug, times) {
  const fail = shop[bug];
  for (let i = 0; i < times; i++) {
    try {
      fail();
    } catch (err) {
      client.captureException(err);
    }
  }
  await client.flush(5000);
}
const bugmastery = (...args) => {
  console.log(`\n$ bugmastery ${args.join(' ')}`);
  const out = execFileSync(process.execPath, [CLI, ...args, '--prefix', PREFIX], { env: { ...process.env, BUGMASTERY_REDIS_URL: url }, encoding: 'utf8' });
  console.log(out.trimEnd().replace(/^/gm, '  '));
  return out;
};
const fingerprintOf = async (title) => (await store.list()).find((b) => b.title.startsWith(title)).fingerprint;

console.log('Monday: the shop throws three bugs');
await happen('cartTotal', 12);
await happen('chargeCard', 3);
await happen('applyCoupon', 1);
bugmastery('bugmaster');
bugmastery('inbox');

const cart = (await fingerprintOf('TypeError')).slice(0, 8);
const card = (await fingerprintOf('Error: card')).slice(0, 8);
const coupon = (await fingerprintOf('RangeError')).slice(0, 8);
bugmastery('assign', cart, 'U0G9QF9C6');
bugmastery('snooze', card, '--occurrences', '100');
bugmastery('resolve', coupon);
bugmastery('inbox');

console.log('\nTuesday: more of the same');
await happen('chargeCard', 120); // the snooze ends at 103: one post
await happen('cartTotal', 90); // assigned: still posted at 100
await happen('applyCoupon', 1); // resolved: it regressed
bugmastery('inbox');
bugmastery('show', coupon);
bugmastery('resolve', coupon);
bugmastery('resolve', card);
bugmastery('inbox');
bugmastery('inbox', '--mine', 'U0G9QF9C6');

await client.close(5000);
slack.close();
redis.kill('SIGTERM');

function freePort() {
  return new Promise((resolve) => {
    const srv = createTcpServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}
