// `npm run bench` (full, ~10 min on 2 cores; writes benchmarks/RESULTS.md) or
// `npm run bench -- --quick` (smoke run, < 90 s, prints only). `--only=capture,storm,bundle,express,fingerprint,hostile,store`
// runs a subset; `--out=FILE` writes the report elsewhere (also in quick mode).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { captureBench } from './capture/bench.mjs';
import { stormBench } from './storm/bench.mjs';
import { bundleBench } from './bundle/bench.mjs';
import { expressBench } from './express/bench.mjs';
import { fingerprintBench } from './fingerprint/bench.mjs';
import { hostileBench } from './hostile/bench.mjs';
import { storeBench } from './store/bench.mjs';
import { machine } from './lib/machine.mjs';
import { mark, table } from './lib/table.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const out = args.find((a) => a.startsWith('--out='))?.slice(6) ?? (quick || only ? undefined : fileURLToPath(new URL('./RESULTS.md', import.meta.url)));

const CONFIG = quick
  ? {
      capture: { rounds: 1, captures: 2_000, chunk: 50, warmup: 200 },
      storm: { rounds: 1, captures: 20_000, capMs: 4_000, peerRounds: { bugsnag: 1 } },
      bundle: {},
      express: { rounds: 1, durationS: 1, warmupS: 0.5, pairRounds: 1, pairS: 1 },
      fingerprint: { rounds: 1, passes: 3 },
      hostile: { captures: 3 },
      store: { rounds: 1, captures: 10_000, chunk: 50, warmup: 1_000 },
    }
  : {
      capture: { rounds: 5, captures: 20_000, chunk: 50, warmup: 2_000 },
      storm: { rounds: 2, captures: 200_000, capMs: 60_000, peerRounds: { bugsnag: 1 } },
      bundle: {},
      express: { rounds: 6, durationS: 2, warmupS: 2, pairRounds: 7, pairS: 3 },
      fingerprint: { rounds: 3, passes: 20 },
      hostile: { captures: 10 },
      store: { rounds: 5, captures: 10_000, chunk: 50, warmup: 2_000 },
    };

const BENCHES = { capture: captureBench, storm: stormBench, bundle: bundleBench, express: expressBench, fingerprint: fingerprintBench, hostile: hostileBench, store: storeBench };

const started = Date.now();
const log = (line) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
const info = machine();
const sections = [];
const checks = [];
for (const [name, bench] of Object.entries(BENCHES)) {
  if (only && !only.includes(name)) continue;
  try {
    const result = await bench(CONFIG[name], log);
    sections.push(result.section);
    checks.push(...result.checks);
    process.stdout.write(`\n${result.section}\n`);
  } catch (err) {
    const text = `### ${name}\n\nThe benchmark itself failed: ${err?.stack ?? err}`;
    sections.push(text);
    checks.push({ name, pass: false, detail: 'benchmark failed' });
    process.stdout.write(`\n${text}\n`);
  }
}

const summary =
  table(['target', 'measured', 'met'], checks.map((c) => [c.name, c.detail, mark(c.pass)])) +
  (quick ? '\n\nQuick mode is a smoke run (small counts, little JIT warm-up, 1 s loads): its ✓/✗ mean nothing; judge targets on a full run.' : '');
process.stdout.write(`\n### Targets\n\n${summary}\n`);
const minutes = ((Date.now() - started) / 60_000).toFixed(1);
log(`done in ${minutes} min`);

if (out) {
  const header = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench${quick ? ' -- --quick' : ''}\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC in ${minutes} min. Methodology: [README.md](./README.md).`,
    '',
    `- Machine: ${info.cpu}, ${info.memory} RAM, ${info.os} (load average at start: ${info.load})`,
    `- Node: ${info.node}`,
    `- Versions: ${Object.entries(info.versions).map(([p, v]) => `${p} ${v}`).join(', ')}`,
    `- Mode: ${quick ? 'quick (smoke run: small counts, figures are rough)' : 'full'}`,
    '',
    'Absolute figures drift between runs on shared machines; the ratios, taken within one run, hold better.',
    '',
  ];
  writeFileSync(out, [...header, '## Targets', '', summary, '', ...sections.flatMap((s) => [s.replace(/^### /, '## '), ''])].join('\n'));
  log(`wrote ${out}`);
}
process.exit(0);
