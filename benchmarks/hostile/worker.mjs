// Hostile input, in a child process of its own (run with --expose-gc): what one capture costs, in
// time and heap, when the app attaches shared-reference graphs, fresh-object Proxies or 10 MB of
// text. Each shape is captured as an error property, as the thrown value itself and as a context.
import { createClient } from '@bugmastery/core';
import { createScrubber } from '@bugmastery/core/internal';
import { report } from '../lib/child.mjs';

const { captures } = JSON.parse(process.argv[2]);

/** js-yaml's `load` makes every alias one shared object: a "billion laughs" document unfolds to width^levels leaves. */
const laughs = (levels, width) => {
  let node = ['lol'];
  for (let i = 0; i < levels; i++) node = Array.from({ length: width }, () => node);
  return node;
};
/** Levels of objects whose every property points at the next level's one object (the 6 × 40 and 100-wide cases). */
const shared = (levels, width) => {
  let node = { leaf: 'x' };
  for (let i = 0; i < levels; i++) node = Object.fromEntries(Array.from({ length: width }, (_, k) => [`p${k}`, node]));
  return node;
};
/** A Proxy that answers every read with a fresh Proxy: an endless tree. */
const endless = () => {
  const handler = {
    ownKeys: () => Array.from({ length: 100 }, (_, i) => `k${i}`),
    getOwnPropertyDescriptor: () => ({ enumerable: true, configurable: true }),
    get: () => new Proxy({}, handler),
  };
  return new Proxy({}, handler);
};

const SHAPES = {
  'YAML billion laughs (10 wide × 9 deep)': () => laughs(9, 10),
  'shared references 6 levels × 40': () => shared(6, 40),
  'shared references 6 levels × 100': () => shared(6, 100),
  'endless Proxy tree': endless,
  // Also passed as a hint's tags and request headers below: flat records were walked whole (a million hint tags took 18 s).
  'a record of 50,000 keys': () => Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, `v${i}`])),
};

const MB = 1024 * 1024;
const TEXTS = {
  'password="\\" repeated': 'password="\\'.repeat(MB),
  'eyJa- repeated (JWT prefixes)': 'eyJa-'.repeat(2 * MB),
  'digits with spaces': '4111 '.repeat(2 * MB),
  '%3D-encoded pairs': 'a%3Dtoken%253D'.repeat(MB),
  'Cookie: header lines': 'Cookie: a=1; b=2\n'.repeat(600_000),
  'unclosed object values': 'token: {'.repeat(MB),
  '<password> elements': '<password>'.repeat(MB),
  '&quot;-escaped pairs': '&quot;password&quot;:&quot;'.repeat(MB / 4),
};

const gc = globalThis.gc ?? (() => undefined);
const heapMb = () => {
  gc();
  return process.memoryUsage().heapUsed / MB;
};

const results = [];
let delivered = 0;
const client = createClient({ transports: [{ name: 'count', write: (events) => void (delivered += events.length) }], dedupeWindowMs: 0, rateLimit: { perFingerprint: { max: 1e9, intervalMs: 1000 }, global: { max: 1e9, intervalMs: 1000 } }, logger: { warn() {}, error() {} } });
for (const [name, make] of Object.entries(SHAPES)) {
  const value = make();
  const before = heapMb();
  let peak = 0;
  let worst = 0;
  const times = [];
  for (let i = 0; i < captures; i++) {
    const start = process.hrtime.bigint();
    client.setContext('doc', { value });
    client.captureException(Object.assign(new Error(`${name} ${i}`), { config: value }));
    client.captureException(value, { tags: value, request: { url: 'https://app.test/', headers: value } });
    await client.flush(10_000);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    times.push(ms);
    worst = Math.max(worst, ms);
    peak = Math.max(peak, process.memoryUsage().heapUsed / MB - before);
  }
  client.setContext('doc', null);
  times.sort((a, b) => a - b);
  results.push({ kind: 'capture', name, medianMs: times[times.length >> 1], worstMs: worst, heapMb: Math.max(0, peak) });
}
const scrub = createScrubber();
for (const [name, text] of Object.entries(TEXTS)) {
  const start = process.hrtime.bigint();
  scrub.text(text);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  results.push({ kind: 'scrub', name, mb: text.length / MB, ms });
}

report({ results, delivered, expected: captures * 2 * Object.keys(SHAPES).length, stats: client.stats() });
process.exit(0);
