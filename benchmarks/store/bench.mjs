// 6. The Redis bug store on the capture path: capture cost with `slackTransport({ counter: redisStore() })`
// against the in-memory default (two clients in one child process per round, timed in alternating chunks), and the
// Redis round trips per 10,000 captures of one bug.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { runChild } from '../lib/child.mjs';
import { median, spread } from '../lib/stats.mjs';
import { fixed, int, mark, range, ratio, table } from '../lib/table.mjs';

const worker = fileURLToPath(new URL('./worker.mjs', import.meta.url));

const freePort = () =>
  new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });

async function startRedis() {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    probe.on('error', () => undefined);
    const ok = await probe.connect().then(() => probe.ping(), () => null);
    probe.disconnect();
    if (ok === 'PONG') return { url, stop: () => child.kill('SIGTERM') };
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error('redis-server did not start');
}

export async function storeBench({ rounds, captures, chunk, warmup }, log) {
  if (spawnSync('sh', ['-c', 'command -v redis-server']).status !== 0) {
    return { section: '### 6. Redis bug store\n\nSkipped: `redis-server` is not installed.', checks: [{ name: 'capture with Redis store ≤ 1.05× without', pass: false, detail: 'not run (no redis-server)' }] };
  }
  const redis = await startRedis();
  const runs = [];
  try {
    for (let r = 0; r < rounds; r++) {
      const result = await runChild(worker, { redisUrl: redis.url, captures, chunk, warmup, prefix: `bench-${r}:` }, { timeoutMs: 300_000, cwd: fileURLToPath(new URL('..', import.meta.url)) });
      log(`store    round ${r + 1}/${rounds}: ${result.failed ?? `memory ${fixed(result.memoryUs, 2)} µs, redis ${fixed(result.redisUs, 2)} µs, ${result.redisCommands} Redis round trips`}`);
      if (!result.failed) runs.push(result);
    }
  } finally {
    redis.stop();
  }
  const us = (mode) => runs.map((x) => x[`${mode}Us`]);
  const m = { memory: median(us('memory')), redis: median(us('redis')) };
  const vs = median(runs.map((x) => x.redisUs / x.memoryUs));
  const per10k = median(runs.map((x) => (x.redisCommands / x.captures) * 10_000));
  const checks = [{ name: 'capture with Redis store ≤ 1.05× without', pass: vs <= 1.05, detail: `${ratio(vs)}; ${int(per10k)} Redis round trips per 10,000 captures` }];
  const rows = [
    ['in-memory counter (default)', fixed(m.memory, 2), range(spread(us('memory')), 2), '—', '1.00×'],
    ['`redisStore()` counter', fixed(m.redis, 2), range(spread(us('redis')), 2), int(per10k), `${ratio(vs)} ${mark(checks[0].pass)} (≤ 1.05×)`],
  ];
  const section = [
    `### 6. Redis bug store — µs per captureException of one recurring bug (${int(captures)} captures, chunks of ${chunk}; ${rounds} round${rounds > 1 ? 's' : ''})`,
    '',
    table(['Slack counter', 'median µs', 'spread', 'Redis round trips per 10,000 captures', 'ratio'], rows),
    '',
    'Default client options (dedupe and rate limits on), `@bugmastery/core` client with one Slack transport whose webhook answers in-process. Both clients run in the same process per round and are timed in alternating chunks (ratio = median of the per-round ratios). Only the synchronous `captureException` calls are timed; deliveries and the batched count updates (every second here, every 3 s by default, and at flush) run between chunks. Round trips are the script calls of the store, read from `INFO commandstats` before and after the timed run: one EVALSHA per event that passes dedupe/rate limits and one per batched update (plus one SCRIPT LOAD).',
  ].join('\n');
  return { section, checks };
}

// padding: keeps every throw site more than 5 lines from the end of the file (see README)
