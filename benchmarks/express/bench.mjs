// 4. Express 5 overhead: three servers (bare, Bugmastery, Sentry via --import), started once and
// loaded one at a time with autocannon (10 connections), interleaved, rotated each round.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { median, rotate, spread } from '../lib/stats.mjs';
import { int, mark, range, table } from '../lib/table.mjs';

const dir = fileURLToPath(new URL('.', import.meta.url));
const SDKS = ['bare', 'bugmastery', 'sentry'];
const ROUTES = ['hello', 'throw'];
const LABELS = { bare: 'bare Express 5', bugmastery: 'Bugmastery expressRequestHandler + expressErrorHandler', sentry: '@sentry/node (--import instrument.mjs, setupExpressErrorHandler)' };

function start(sdk) {
  return new Promise((resolve) => {
    const args = sdk === 'sentry' ? ['--import', './instrument.mjs', 'app.mjs'] : ['app.mjs'];
    const child = spawn(process.execPath, args, { cwd: dir, env: { ...process.env, BENCH_SDK: sdk }, stdio: ['ignore', 'pipe', 'pipe'] });
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

function load(url, duration) {
  return autocannon({ url, connections: 10, duration, pipelining: 1 });
}

export async function expressBench({ rounds, durationS, warmupS }, log) {
  const servers = {};
  for (const sdk of SDKS) {
    servers[sdk] = await start(sdk);
    if (servers[sdk].failed) log(`express  ${sdk}: ${servers[sdk].failed}`);
  }
  const live = SDKS.filter((s) => !servers[s].failed);
  const results = Object.fromEntries(SDKS.map((s) => [s, { hello: [], throw: [], errors: 0 }]));
  try {
    for (const sdk of live) for (const route of ROUTES) await load(`${servers[sdk].url}/${route}`, warmupS);
    for (let r = 0; r < rounds; r++) {
      for (const route of ROUTES) {
        for (const sdk of rotate(live, r)) {
          const res = await load(`${servers[sdk].url}/${route}`, durationS);
          results[sdk][route].push(res.requests.average);
          results[sdk].errors += res.errors + res.timeouts;
          log(`express  round ${r + 1}/${rounds} ${route.padEnd(5)} ${sdk}: ${int(res.requests.average)} req/s`);
        }
      }
    }
    for (const sdk of live) {
      const res = await fetch(`${servers[sdk].url}/__delivered`).then((x) => x.json()).catch(() => ({}));
      results[sdk].delivered = res.delivered;
    }
  } finally {
    for (const sdk of live) servers[sdk].child.kill('SIGTERM');
  }

  const m = (sdk, route) => median(results[sdk][route]);
  const checks = [];
  if (!servers.bugmastery.failed) {
    const vsBare = m('bugmastery', 'hello') / m('bare', 'hello');
    checks.push({ name: 'Express hello: Bugmastery ≥ 95% of bare', pass: vsBare >= 0.95, detail: `${(vsBare * 100).toFixed(1)}%` });
    if (!servers.sentry.failed) {
      const vsSentry = m('bugmastery', 'hello') / m('sentry', 'hello');
      checks.push({ name: 'Express hello: Bugmastery ≥ Sentry', pass: vsSentry >= 1, detail: `${(vsSentry * 100).toFixed(1)}% of Sentry` });
    }
  } else checks.push({ name: 'Express: Bugmastery handlers', pass: false, detail: servers.bugmastery.failed });
  const pct = (sdk, route) => (sdk === 'bare' ? '' : `${((m(sdk, route) / m('bare', route) - 1) * 100).toFixed(1)}%`);
  const rows = SDKS.map((sdk) =>
    servers[sdk].failed
      ? [LABELS[sdk], servers[sdk].failed, '', '', '', '', '', '']
      : [
          LABELS[sdk],
          int(m(sdk, 'hello')),
          range(spread(results[sdk].hello), 0),
          pct(sdk, 'hello'),
          int(m(sdk, 'throw')),
          range(spread(results[sdk].throw), 0),
          pct(sdk, 'throw'),
          sdk === 'bare' ? '' : int(results[sdk].delivered),
        ],
  );
  const targetLine = checks.map((c) => `${c.name}: ${c.detail} ${mark(c.pass)}`).join('; ');
  const section = [
    `### 4. Express 5 overhead — req/s, autocannon 10 connections, ${durationS} s per run, ${rounds} round${rounds > 1 ? 's' : ''} interleaved, 127.0.0.1`,
    '',
    table(['app', 'hello req/s', 'spread', 'vs bare', 'throwing route req/s', 'spread', 'vs bare', 'events at transport'], rows),
    '',
    `${targetLine}. Each SDK with default options; the throwing route has the same final 500 handler (no logging) in all three apps. Socket errors/timeouts: ${SDKS.map((s) => `${s} ${results[s].errors}`).join(', ')}.`,
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
