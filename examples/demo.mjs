// npm run demo — a buggy shop throws; Bugmastery captures, fingerprints, groups and accounts for every error.
// No account, no network: the embedded default is the console transport.
import { consoleTransport, createClient } from '@bugmastery/core';
import { cartTotal, chargeCard, parseCoupon, shippingQuote } from './demo/shop.mjs';

const bold = (s) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const dim = (s) => (process.stdout.isTTY ? `\x1b[2m${s}\x1b[0m` : s);

const console_ = consoleTransport({ print: false });
const client = createClient({
  release: 'shop@1.4.2',
  environment: 'demo',
  transports: [console_],
  // The defaults, spelled out: one event per bug per second, at most 10 a minute per bug.
  dedupeWindowMs: 1000,
  rateLimit: { perFingerprint: { max: 10, intervalMs: 60_000 }, global: { max: 300, intervalMs: 60_000 } },
  ignoreErrors: [/^RangeError: no shipping zone for "XX"/],
});

client.setTag('service', 'checkout');
let captures = 0;
const capture = (error, hint) => {
  captures++;
  client.captureException(error, hint);
};

// 1. 120 guest customers open their cart: same bug, 120 different carts.
for (let i = 0; i < 120; i++) {
  client.withScope((scope) => {
    scope.setUser({ id: `guest-${i}` });
    try {
      cartTotal({ id: i });
    } catch (e) {
      capture(e);
    }
  });
}

// 2. Malformed coupons, each a different string: one bug.
for (const coupon of ['%7B%22code%22%3A1%7D', "{'code': 2}", 'SUMMER24', '{"code":', 'null,']) {
  try {
    parseCoupon(coupon);
  } catch (e) {
    capture(e, { tags: { coupon_source: 'newsletter' } });
  }
}

// 3. Payments fail asynchronously, with a cause chain, for 12 different cards.
for (let i = 0; i < 12; i++) {
  await chargeCard(String(4000 + i), 100 * (i + 1)).catch((e) => capture(e, { level: 'fatal', mechanism: { type: 'promise', handled: false } }));
}

// 4. Unknown shipping zones; "XX" is a test country we chose to ignore.
for (const country of ['BR', 'JP', 'XX', 'XX', 'BR']) {
  try {
    shippingQuote(country);
  } catch (e) {
    capture(e);
  }
}

// 5. Somebody throws a string. It is still a bug, and it still gets a fingerprint.
capture('inventory sync failed: 3 SKUs missing');

await client.flush(2000);
const stats = client.stats();
const groups = console_.groups().sort((a, b) => client.occurrences(b.fingerprint) - client.occurrences(a.fingerprint));

const pad = (s, n) => (s.length > n ? s.slice(0, n - 1) + '…' : s.padEnd(n));
console.log(bold(`\nBugmastery demo — ${captures} errors captured, ${groups.length} distinct bugs\n`));
console.log(bold(`${pad('fingerprint', 18)} ${'seen'.padStart(5)} ${'sent'.padStart(5)}  ${pad('level', 7)} ${pad('type: message', 58)} top in-app frame`));
for (const g of groups) {
  const seen = client.occurrences(g.fingerprint);
  const frame = g.topFrame.replace(process.cwd() + '/', '').replace('file://', '');
  console.log(`${pad(g.fingerprint, 18)} ${String(seen).padStart(5)} ${String(g.reported).padStart(5)}  ${pad(g.level, 7)} ${pad(g.headline, 58)} ${dim(frame)}`);
}

const reasons = {
  deduped: 'same bug again within 1 s (counted, not sent)',
  rateLimited: 'over 10 events a minute for one bug',
  ignored: 'matched ignoreErrors',
  sampled: 'sampled out',
  beforeSend: 'dropped by beforeSend',
  queueFull: 'queue full',
  transportFailed: 'transport failed after retries',
  backoff: 'transport paused by 429 / Retry-After',
};
console.log(bold('\nWhat was not sent, and why'));
for (const [reason, n] of Object.entries(stats.dropped)) {
  if (n > 0) console.log(`  ${String(n).padStart(5)}  ${reason.padEnd(15)} ${dim(reasons[reason] ?? '')}`);
}
const dropped = Object.values(stats.dropped).reduce((a, b) => a + b, 0);
console.log(bold('\nAccounting'));
console.log(`  captured ${stats.captured} = delivered ${stats.delivered} + dropped ${dropped}${stats.captured === stats.delivered + dropped ? '  ✓ nothing lost' : '  ✗ MISMATCH'}`);
console.log(dim('\nSnooze: a bug is sent on its 1st, 10th, 100th and 1000th occurrence even inside the dedupe window,'));
console.log(dim('so Slack / PagerDuty hear about it when it is new and again when it grows — not on every hit.\n'));
await client.close();
process.exitCode = stats.captured === stats.delivered + dropped ? 0 : 1;
