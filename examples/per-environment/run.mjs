// node examples/per-environment/run.mjs  (after `npm run build`)
// Runs the same buggy code under production, staging and development. Unless you set the real
// SENTRY_DSN / SLACK_WEBHOOK_URL / PAGERDUTY_ROUTING_KEY / STAGING_COLLECTOR_URL, a local stand-in
// on 127.0.0.1 plays every service, and the script prints what each one received.
import { createServer } from 'node:http';
import { createClient } from '@bugmastery/core';
import { transportsFor } from './transports.mjs';

const received = [];
const standIn = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    received.push({ url: req.url, body });
    res.writeHead(req.url.startsWith('/pagerduty') ? 202 : 200, { 'content-type': 'application/json' });
    res.end('{}');
  });
});
await new Promise((resolve) => standIn.listen(0, '127.0.0.1', resolve));
const local = `http://127.0.0.1:${standIn.address().port}`;
const env = {
  SENTRY_DSN: `http://examplepublickey@127.0.0.1:${standIn.address().port}/sentry/42`,
  SLACK_WEBHOOK_URL: `${local}/slack/T000/B000/XXXX`,
  PAGERDUTY_ROUTING_KEY: 'example-routing-key',
  PAGERDUTY_ENDPOINT: `${local}/pagerduty/v2/enqueue`,
  STAGING_COLLECTOR_URL: `${local}/collector`,
  ...process.env,
};

function applyCoupon(code) {
  if (!/^[A-Z]+\d+$/.test(code)) throw new TypeError(`invalid coupon "${code}"`);
}

function service(url) {
  const path = url.split('?')[0];
  if (path.startsWith('/sentry')) return 'Sentry';
  if (path.startsWith('/slack')) return 'Slack';
  if (path.startsWith('/pagerduty')) return 'PagerDuty';
  return 'HTTP collector';
}

for (const environment of ['production', 'staging', 'development']) {
  received.length = 0;
  // The heading first: the console transport (development) prints while the client runs, and its
  // lines must land under their own heading, not under the previous environment's.
  console.log(`\n== ${environment}`);
  const client = createClient({ release: 'shop@1.0.0', environment, transports: transportsFor(environment, env), logger: console });
  for (let i = 0; i < 12; i++) {
    try {
      applyCoupon(`bad-${i}`);
    } catch (err) {
      client.captureException(err);
    }
  }
  client.captureException(new Error('database connection lost'), { level: 'fatal', handled: false, mechanism: 'onuncaughtexception' });
  await client.close(15_000);
  const byService = {};
  for (const r of received) byService[service(r.url)] = (byService[service(r.url)] ?? 0) + 1;
  const s = client.stats();
  console.log(`   captured ${s.captured}, delivered ${s.delivered}, dropped ${JSON.stringify(Object.fromEntries(Object.entries(s.dropped).filter(([, n]) => n > 0)))}`);
  for (const [name, n] of Object.entries(byService)) console.log(`   ${name}: ${n} request(s)`);
  for (const r of received.filter((r) => r.url.startsWith('/slack'))) console.log(`   Slack says: ${JSON.parse(r.body).text}`);
  for (const r of received.filter((r) => r.url.startsWith('/pagerduty'))) console.log(`   PagerDuty pages: ${JSON.parse(r.body).payload.summary}`);
}
standIn.close();
