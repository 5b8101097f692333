// 4. Express 5 overhead: three servers (bare, Bugmastery, Sentry via --import), started once and
// loaded one at a time with autocannon (10 connections), interleaved, rotated each round.
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { median, rotate, spread } from '../lib/stats.mjs';
import { int, mark, range, table } from '../lib/table.mjs';

const dir = fileURLToPath(new URL('.', import.meta.url));
const SDKS = ['bare', 'bugmastery', 'sentry'];
const ROUTES = ['hello', 'throw'];
const LABELS = { bare: 'bare Express 5', bugmastery: 'Bugmastery expressRequestHandler + expressErrorHandler', sentry: '@sentry/node (--import instrument.mjs, setupExpressErrorHandler)' };

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

/** One load; also the server's own CPU time per request, which the client's scheduling noise does not blur. */
async function load(base, route, duration) {
  const before = await cpuOf(base);
  const res = await autocannon({ url: `${base}/${route}`, connections: 10, duration, pipelining: 1 });
  res.cpuUsPerRequest = ((await cpuOf(base)) - before) / Math.max(1, res.requests.total);
  return res;
}

export async function expressBench({ rounds, durationS, warmupS }, log) {
  const pin = pinning();
  const servers = {};
  for (const sdk of SDKS) {
    servers[sdk] = await start(sdk, pin);
    if (servers[sdk].failed) log(`express  ${sdk}: ${servers[sdk].failed}`);
  }
  const live = SDKS.filter((s) => !servers[s].failed);
  const results = Object.fromEntries(SDKS.map((s) => [s, { hello: [], throw: [], helloCpu: [], throwCpu: [], helloVsBare: [], throwVsBare: [], errors: 0 }]));
  try {
    for (const sdk of live) for (const route of ROUTES) await load(servers[sdk].url, route, warmupS);
    for (let r = 0; r < rounds; r++) {
      for (const route of ROUTES) {
        const thisRound = {};
        for (const sdk of rotate(live, r)) {
          const res = await load(servers[sdk].url, route, durationS);
          thisRound[sdk] = res.requests.average;
          results[sdk][route].push(res.requests.average);
          results[sdk][`${route}Cpu`].push(res.cpuUsPerRequest);
          results[sdk].errors += res.errors + res.timeouts;
          log(`express  round ${r + 1}/${rounds} ${route.padEnd(5)} ${sdk}: ${int(res.requests.average)} req/s, ${res.cpuUsPerRequest.toFixed(1)} µs server CPU/request`);
        }
        // The machine's speed drifts between rounds (by up to 2× on shared hosts): each ratio is taken within one round.
        for (const sdk of live) results[sdk][`${route}VsBare`].push(thisRound[sdk] / thisRound.bare);
      }
    }
    for (const sdk of live) {
      const res = await fetch(`${servers[sdk].url}/__delivered`).then((x) => x.json()).catch(() => ({}));
      results[sdk].delivered = res.delivered;
    }
  } finally {
    for (const sdk of live) servers[sdk].child.kill('SIGTERM');
    pin?.restore();
  }

  const m = (sdk, route) => median(results[sdk][route]);
  const checks = [];
  if (!servers.bugmastery.failed) {
    const vsBare = m('bugmastery', 'helloVsBare');
    checks.push({ name: 'Express hello: Bugmastery ≥ 95% of bare', pass: vsBare >= 0.95, detail: `${(vsBare * 100).toFixed(1)}%` });
    if (!servers.sentry.failed) {
      const vsSentry = m('bugmastery', 'helloVsBare') / m('sentry', 'helloVsBare');
      checks.push({ name: 'Express hello: Bugmastery ≥ Sentry', pass: vsSentry >= 1, detail: `${(vsSentry * 100).toFixed(1)}% of Sentry` });
    }
  } else checks.push({ name: 'Express: Bugmastery handlers', pass: false, detail: servers.bugmastery.failed });
  const pct = (sdk, route) => (sdk === 'bare' ? '' : `${((m(sdk, `${route}VsBare`) - 1) * 100).toFixed(1)}%`);
  const rows = SDKS.map((sdk) =>
    servers[sdk].failed
      ? [LABELS[sdk], servers[sdk].failed, '', '', '', '', '', '', '', '']
      : [
          LABELS[sdk],
          int(m(sdk, 'hello')),
          range(spread(results[sdk].hello), 0),
          pct(sdk, 'hello'),
          m(sdk, 'helloCpu').toFixed(1),
          m(sdk, 'throwCpu').toFixed(1),
          int(m(sdk, 'throw')),
          range(spread(results[sdk].throw), 0),
          pct(sdk, 'throw'),
          sdk === 'bare' ? '' : int(results[sdk].delivered),
        ],
  );
  const targetLine = checks.map((c) => `${c.name}: ${c.detail} ${mark(c.pass)}`).join('; ');
  const section = [
    `### 4. Express 5 overhead — req/s, autocannon 10 connections, ${durationS} s per run, ${rounds} round${rounds > 1 ? 's' : ''} interleaved and rotated, 127.0.0.1`,
    '',
    table(['app', 'hello req/s', 'spread', 'vs bare (median of per-round ratios)', 'server CPU µs/req hello', 'throw', 'throwing route req/s', 'spread', 'vs bare', 'events at transport'], rows),
    '',
    `${targetLine}. Each SDK with default options; the throwing route has the same final 500 handler (no logging) in all three apps. Server CPU per request is the server process's own user+system time over the run divided by the requests served (less blurred than req/s by the load generator sharing the cores). ${pin ? `Servers pinned to core ${pin.server}, autocannon to the others (taskset). ` : ''}Socket errors/timeouts: ${SDKS.map((s) => `${s} ${results[s].errors}`).join(', ')}.`,
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
