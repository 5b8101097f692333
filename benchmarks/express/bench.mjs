// 4. Express 5 overhead: four servers (bare, bare + AsyncLocalStorage, Bugmastery, Sentry via
// --import), started once; each loaded paired with bare (the targets) and alone (absolute figures).
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { median, rotate, spread } from '../lib/stats.mjs';
import { int, mark, range, table } from '../lib/table.mjs';

const dir = fileURLToPath(new URL('.', import.meta.url));
const SDKS = ['bare', 'als', 'bugmastery', 'sentry'];
const ROUTES = ['hello', 'throw'];
const LABELS = { bare: 'bare Express 5', als: 'bare + AsyncLocalStorage run per request (no SDK: the floor)', bugmastery: 'Bugmastery expressRequestHandler + expressErrorHandler', sentry: '@sentry/node (--import instrument.mjs, setupExpressErrorHandler)' };

/**
 * With 2+ cores and `taskset`, the servers run on the last core and autocannon (this process) on
 * the others, so the load generator and the server under test never take turns on one core.
 */
function pinning() {
  const cores = availableParallelism();
  if (cores < 2 || spawnSync('taskset', ['-c', '0', 'true']).status !== 0) return undefined;
  const all = `0-${cores - 1}`;
  spawnSync('taskset', ['-a', '-p', '-c', `0-${cores - 2}`, String(process.pid)]);
  return { server: String(cores - 1), restore: () => spawnSync('taskset', ['-a', '-p', '-c', all, String(process.pid)]) };
}

function start(sdk, pin) {
  return new Promise((resolve) => {
    const args = sdk === 'sentry' ? ['--import', './instrument.mjs', 'app.mjs'] : ['app.mjs'];
    const [command, argv] = pin ? ['taskset', ['-c', pin.server, process.execPath, ...args]] : [process.execPath, args];
    const child = spawn(command, argv, { cwd: dir, env: { ...process.env, BENCH_SDK: sdk }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ failed: 'did not start within 30 s' });
    }, 30_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /LISTENING (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: `http://127.0.0.1:${m[1]}` });
      }
    });
    child.stderr.on('data', (d) => (err = (err + d).slice(-2000)));
    child.on('exit', (code) => {
      clearTimeout(timer);
      const lines = err.split('\n').map((l) => l.trim()).filter(Boolean);
      const why = lines.find((l) => /^\w*Error\b|^Error:|ERR_/.test(l)) ?? lines.slice(-2).join(' | ');
      resolve({ failed: `exited ${code}: ${why}` });
    });
  });
}

const cpuOf = (base) => fetch(`${base}/__cpu`).then((x) => x.json()).then((x) => x.cpuUs);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One load. Only the server under load runs: the others are stopped (SIGSTOP), so work one SDK
 * defers past its own run (Sentry processes captured events after the requests) cannot slow
 * the next SDK's run; it is done at the start of its own next run instead. Also measures the
 * server's own CPU time per request, which the client's scheduling noise does not blur.
 */
async function load(server, route, duration) {
  server.child.kill('SIGCONT');
  const before = await cpuOf(server.url);
  const res = await autocannon({ url: `${server.url}/${route}`, connections: 10, duration, pipelining: 1 });
  res.cpuUsPerRequest = ((await cpuOf(server.url)) - before) / Math.max(1, res.requests.total);
  await sleep(100);
  server.child.kill('SIGSTOP');
  return res;
}

/** Loads two servers at once: they share one core, so machine drift hits both alike and the ratio is the cost ratio. */
async function loadPair(a, b, route, duration) {
  a.child.kill('SIGCONT');
  b.child.kill('SIGCONT');
  const run = (server) => autocannon({ url: `${server.url}/${route}`, connections: 10, duration, pipelining: 1 });
  const [x, y] = await Promise.all([run(a), run(b)]);
  await sleep(100);
  a.child.kill('SIGSTOP');
  b.child.kill('SIGSTOP');
  return [x, y];
}

export async function expressBench({ rounds, durationS, warmupS, pairRounds, pairS }, log) {
  const pin = pinning();
  const servers = {};
  for (const sdk of SDKS) {
    servers[sdk] = await start(sdk, pin);
    if (servers[sdk].failed) log(`express  ${sdk}: ${servers[sdk].failed}`);
  }
  const live = SDKS.filter((s) => !servers[s].failed);
  const results = Object.fromEntries(SDKS.map((s) => [s, { hello: [], throw: [], helloCpu: [], throwCpu: [], helloPaired: [], throwPaired: [], helloVsAls: [], errors: 0 }]));
  const overFloor = live.includes('als') && live.includes('bugmastery');
  try {
    for (const sdk of live) for (const route of ROUTES) await load(servers[sdk], route, warmupS);
    // Sequential: each server alone on its core, for absolute req/s and CPU per request.
    for (let r = 0; r < rounds; r++) {
      for (const route of ROUTES) {
        for (const sdk of rotate(live, r)) {
          const res = await load(servers[sdk], route, durationS);
          results[sdk][route].push(res.requests.average);
          results[sdk][`${route}Cpu`].push(res.cpuUsPerRequest);
          results[sdk].errors += res.errors + res.timeouts;
          log(`express  round ${r + 1}/${rounds} ${route.padEnd(5)} ${sdk}: ${int(res.requests.average)} req/s, ${res.cpuUsPerRequest.toFixed(1)} µs server CPU/request`);
        }
      }
    }
    // Paired: bare and one other at the same time on the same core; the targets are judged on these ratios.
    if (!servers.bare.failed) {
      for (let r = 0; r < pairRounds; r++) {
        for (const route of ROUTES) {
          for (const sdk of rotate(live.filter((s) => s !== 'bare'), r)) {
            const [bare, other] = await loadPair(servers.bare, servers[sdk], route, pairS);
            const ratio = other.requests.average / bare.requests.average;
            results[sdk][`${route}Paired`].push(ratio);
            results[sdk].errors += other.errors + other.timeouts;
            log(`express  paired ${r + 1}/${pairRounds} ${route.padEnd(5)} ${sdk}: ${int(other.requests.average)} vs bare ${int(bare.requests.average)} req/s = ${(ratio * 100).toFixed(1)}%`);
          }
        }
        // Bugmastery against the AsyncLocalStorage-only app: the SDK's own cost above the platform's floor.
        if (overFloor) {
          const [als, bm] = await loadPair(servers.als, servers.bugmastery, 'hello', pairS);
          const ratio = bm.requests.average / als.requests.average;
          results.bugmastery.helloVsAls.push(ratio);
          log(`express  paired ${r + 1}/${pairRounds} hello bugmastery vs als: ${int(bm.requests.average)} vs ${int(als.requests.average)} req/s = ${(ratio * 100).toFixed(1)}%`);
        }
      }
    }
    for (const sdk of live) {
      servers[sdk].child.kill('SIGCONT');
      const res = await fetch(`${servers[sdk].url}/__delivered`).then((x) => x.json()).catch(() => ({}));
      results[sdk].delivered = res.delivered;
    }
  } finally {
    for (const sdk of live) {
      servers[sdk].child.kill('SIGCONT');
      servers[sdk].child.kill('SIGTERM');
    }
    pin?.restore();
  }

  const m = (sdk, key) => median(results[sdk][key]);
  const checks = [];
  if (!servers.bugmastery.failed && !servers.bare.failed) {
    const vsBare = m('bugmastery', 'helloPaired');
    const overAls = overFloor && results.bugmastery.helloVsAls.length > 0 ? `; Bugmastery ÷ AsyncLocalStorage alone, paired: ${(m('bugmastery', 'helloVsAls') * 100).toFixed(1)}%` : '';
    const floor = servers.als.failed ? '' : ` (AsyncLocalStorage alone: ${(m('als', 'helloPaired') * 100).toFixed(1)}%${overAls})`;
    checks.push({ name: 'Express hello: Bugmastery ≥ 95% of bare', pass: vsBare >= 0.95, detail: `${(vsBare * 100).toFixed(1)}%${floor}` });
    if (!servers.sentry.failed) {
      const vsSentry = vsBare / m('sentry', 'helloPaired');
      checks.push({ name: 'Express hello: Bugmastery ≥ Sentry', pass: vsSentry >= 1, detail: `${(vsSentry * 100).toFixed(1)}% of Sentry` });
    }
  } else checks.push({ name: 'Express: Bugmastery handlers', pass: false, detail: servers.bugmastery.failed ?? servers.bare.failed });
  const pct = (sdk, key) => (sdk === 'bare' ? '' : `${(m(sdk, key) * 100).toFixed(1)}%`);
  const rows = SDKS.map((sdk) =>
    servers[sdk].failed
      ? [LABELS[sdk], servers[sdk].failed, '', '', '', '', '', '', '', '']
      : [
          LABELS[sdk],
          pct(sdk, 'helloPaired'),
          pct(sdk, 'throwPaired'),
          int(m(sdk, 'hello')),
          range(spread(results[sdk].hello), 0),
          m(sdk, 'helloCpu').toFixed(1),
          int(m(sdk, 'throw')),
          range(spread(results[sdk].throw), 0),
          m(sdk, 'throwCpu').toFixed(1),
          sdk === 'bare' || sdk === 'als' ? '' : int(results[sdk].delivered),
        ],
  );
  const targetLine = checks.map((c) => `${c.name}: ${c.detail} ${mark(c.pass)}`).join('; ');
  const section = [
    `### 4. Express 5 overhead — autocannon 10 connections, 127.0.0.1: ${pairRounds} paired rounds of ${pairS} s, ${rounds} sequential rounds of ${durationS} s, interleaved and rotated`,
    '',
    table(
      ['app', 'hello vs bare (paired)', 'throwing route vs bare (paired)', 'hello req/s alone', 'spread', 'server CPU µs/req', 'throwing route req/s alone', 'spread', 'server CPU µs/req', 'events at transport'],
      rows,
    ),
    '',
    `${targetLine}. Paired: the app and bare Express loaded at the same time, sharing one core, so the machine's drift (up to 2× between runs here) hits both alike: the median ratio of req/s is the cost ratio, and two bare servers paired this way agree within ±1.5%. Alone: one server at a time, the others stopped (SIGSTOP); server CPU is the process's user+system time per request. Each SDK with default options; the throwing route has the same final 500 handler (no logging) in all apps. The AsyncLocalStorage row is the floor for any per-request async context on Node ${process.versions.node.split('.')[0]}: enabling AsyncLocalStorage turns on async_hooks for every async resource; each paired round also loads Bugmastery against that app directly, which is the SDK's own cost above the floor. ${pin ? `Servers pinned to core ${pin.server}, autocannon to the others (taskset). ` : ''}Socket errors/timeouts: ${SDKS.map((s) => `${s} ${results[s].errors}`).join(', ')}.`,
  ].join('\n');
  return { section, checks };
}

// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
// padding: keeps every throw site more than 5 lines from the end of the file (see README)
