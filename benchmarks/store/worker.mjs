// Capture cost with and without the Redis bug store, paired in one child process: µs per
// captureException of one recurring bug (default dedupe and rate limits, as in production),
// timing only the synchronous capture calls; deliveries and the store's batched count updates
// run between the timed chunks. Also counts the Redis round trips (script calls) the run caused.
import { createClient, slackTransport } from '@bugmastery/core';
import { redisStore } from '@bugmastery/redis';
import { Redis } from 'ioredis';
import { thrown } from '../lib/throw.mjs';
import { report } from '../lib/child.mjs';

const { redisUrl, captures, chunk, warmup, prefix } = JSON.parse(process.argv[2]);

// Slack answers at once: the benchmark is about the capture path, not the network.
const fetch = async () => ({ status: 200, headers: { get: () => null }, text: async () => '' });
const quiet = { warn: () => undefined, error: () => undefined };
const store = redisStore({ url: redisUrl, prefix, timeoutMs: 2000 });
const make = (counter) =>
  createClient({
    transports: [slackTransport({ webhookUrl: 'https://hooks.slack.test/services/x', counter, fetch, minIntervalMs: 0 })],
    logger: quiet,
    occurrenceReportMs: 1000,
  });
// Both clients in one process, timed in alternating chunks (the order swapped each time):
// machine drift and the async work of either falls on both alike.
const clients = { memory: make(undefined), redis: make(store) };
const ns = { memory: 0n, redis: 0n };

async function timed(n) {
  for (let i = 0, k = 0; i < n; i += chunk, k++) {
    const size = Math.min(n, i + chunk) - i;
    for (const mode of k % 2 ? ['redis', 'memory'] : ['memory', 'redis']) {
      const errors = [];
      for (let j = 0; j < size; j++) errors.push(thrown('payment declined'));
      const client = clients[mode];
      const start = process.hrtime.bigint();
      for (const err of errors) client.captureException(err);
      ns[mode] += process.hrtime.bigint() - start;
    }
    // Between chunks the app yields, as a server does between requests: deliveries and timers run here.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const stats = new Redis(redisUrl);
// Round trips: the store's script calls (what a script runs inside Redis is not a round trip).
const commands = async () => [...(await stats.info('commandstats')).matchAll(/cmdstat_(?:evalsha|eval|script\|load):calls=(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
const flushAll = () => Promise.all(Object.values(clients).map((c) => c.flush(10_000)));

await timed(warmup);
await flushAll();
ns.memory = 0n;
ns.redis = 0n;
const before = await commands();
await timed(captures);
await flushAll();
const redisCommands = (await commands()) - before;
const storeErrors = clients.redis.stats().transports.slack.storeErrors ?? 0;
await Promise.all(Object.values(clients).map((c) => c.close(5000)));
stats.disconnect();
const us = (mode) => Number(ns[mode]) / 1e3 / captures;
report({ memoryUs: us('memory'), redisUs: us('redis'), redisCommands, captures, storeErrors });
process.exit(0);

// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
