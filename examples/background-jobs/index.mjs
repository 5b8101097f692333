// node examples/background-jobs/index.mjs (after `npm run build`)
// A plain setInterval scheduler with four jobs: one healthy, one failing, one slow, one that never runs,
// and a business metric (paid orders) that stops (below its floor, and below its own recent median). Events go to the console transport; metrics go to
// StatsD, here a tiny UDP listener on 127.0.0.1 standing in for your agent (Datadog, Telegraf, statsd).
import { createSocket } from 'node:dgram';
import {
  consoleTransport,
  countEvent,
  init,
  instrumentJob,
  monitorHeartbeat,
  monitorRate,
  setMetricSinks,
  statsdSink,
} from '@bugmastery/node';

const RUN_FOR_MS = 3000;

// ── a stand-in StatsD agent ────────────────────────────────────────────────────
const agent = createSocket('udp4');
const received = new Map();
agent.on('message', (packet) => {
  for (const line of packet.toString().split('\n')) {
    const name = line.slice(0, line.indexOf(':'));
    received.set(name, (received.get(name) ?? 0) + 1);
  }
});
await new Promise((resolve) => agent.bind(0, '127.0.0.1', resolve));

// ── Bugmastery ─────────────────────────────────────────────────────────────────
const client = init({
  release: 'jobs@1.0.0',
  environment: 'example',
  transports: [consoleTransport()],
  captureUncaught: false,
});
const statsd = statsdSink({ port: agent.address().port, prefix: 'shop', flushIntervalMs: 250 });
setMetricSinks([statsd]);

// ── the jobs ───────────────────────────────────────────────────────────────────
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
let ordersOpen = true;

const refreshCache = instrumentJob('refresh-cache', async () => {
  await sleep(5);
  if (ordersOpen) countEvent('orders.paid', 2); // checkout works… until it does not
});

const syncCrm = instrumentJob('sync-crm', async (account) => {
  await sleep(2);
  throw new Error(`CRM answered 502 for account ${account.id}`);
});

const buildReport = instrumentJob('build-report', async () => {
  await sleep(300);
  return 'report.pdf';
}, { slowAfterMs: 150 });

// Expected every 500 ms, but nothing schedules it: a job that silently stopped.
const nightlyExport = instrumentJob('nightly-export', async () => 'exported');
void nightlyExport;

monitorHeartbeat('nightly-export', { everyMs: 500, graceMs: 200 });
monitorRate('orders.paid', { min: 3, windowMs: 1000 });
// Against its own past: a 500 ms window with less than half the median of the previous two.
monitorRate('orders.paid', { windowMs: 500, dropBelow: 0.5, baselineWindows: 2 });

// ── a plain scheduler ──────────────────────────────────────────────────────────
// With croner: new Cron('*/1 * * * * *', refreshCache). Errors are rethrown by the
// instrumented job, so the scheduler's own handling stays as it was.
const swallow = (p) => p.catch(() => undefined);
const timers = [
  setInterval(() => swallow(refreshCache()), 100),
  setInterval(() => swallow(syncCrm({ id: 42, apiKey: 'sk_live_123' })), 700),
  setInterval(() => swallow(buildReport()), 1000),
];
setTimeout(() => (ordersOpen = false), 1000); // the checkout bug ships

await sleep(RUN_FOR_MS);
for (const t of timers) clearInterval(t);
await sleep(350); // let the last report finish

await statsd.close();
await client.close(2000);
await sleep(20); // the last UDP packet is on loopback, not lost
agent.close();

console.log('\nStatsD lines received by the agent:');
for (const [name, n] of [...received].sort()) console.log(`  ${name.padEnd(40)} ${n}`);
const s = client.stats();
console.log(`\nclient.stats(): captured ${s.captured}, delivered ${s.delivered}, dropped ${JSON.stringify(Object.fromEntries(Object.entries(s.dropped).filter(([, v]) => v > 0)))}`);
