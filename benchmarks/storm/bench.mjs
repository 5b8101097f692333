// 2. Error storm: each SDK with its default options in its own child process, interleaved.
import { fileURLToPath } from 'node:url';
import { DEFAULTS, isThreshold, DEFAULT_NOTIFY_AT } from '@bugmastery/core/internal';   // the pipeline's defaults, to compute what a storm must send
import { runChild } from '../lib/child.mjs';
import { distinctModulePath, DISTINCT_SITES } from '../lib/distinct.mjs';
import { LABELS } from '../lib/sdks.mjs';
import { median, rotate, spread } from '../lib/stats.mjs';
import { fixed, int, mark, range, ratio, table } from '../lib/table.mjs';

const worker = fileURLToPath(new URL('./worker.mjs', import.meta.url));
const SDKS = ['bugmastery', 'sentry', 'bugsnag'];
const VARIANTS = ['same', 'distinct'];

/**
 * The most events Bugmastery's default rate limit lets through in `wallMs`: the token buckets
 * (per fingerprint, capped by the global one) plus the snooze milestones (1st, 10th, 100th…
 * occurrence), which pass every limit by design.
 */
export function allowance(variant, captures, wallMs) {
  const fingerprints = variant === 'same' ? 1 : DISTINCT_SITES;
  const each = Math.floor(captures / fingerprints);
  const { perFingerprint: pf, global: g } = DEFAULTS.rateLimit;
  const tokens = Math.min(fingerprints * (pf.max + (pf.max * wallMs) / pf.intervalMs), g.max + (g.max * wallMs) / g.intervalMs);
  let milestones = 0;
  for (let k = 1; k <= each; k++) if (isThreshold(k, DEFAULT_NOTIFY_AT)) milestones++;
  return Math.floor(tokens) + fingerprints * milestones;
}

function notFinished(runs, captures, capMs) {
  const done = median(runs.map((x) => x.done));
  const processed = runs.every((x) => x.progress) ? median(runs.map((x) => x.progress.done)) : undefined;
  const loop = done < captures ? `loop stopped at ${int(done)} of ${int(captures)}` : `loop done in ${fixed(median(runs.map((x) => x.wallMs)) / 1000, 0)} s`;
  return `not finished (cap ${fixed(capMs / 1000, 0)} s): ${loop}${processed === undefined ? '' : `, ${int(processed)} events processed`}`;
}

export async function stormBench({ rounds, captures, capMs, peerRounds }, log) {
  distinctModulePath(); // written once here, before children race for it
  const runs = {};
  for (const v of VARIANTS) runs[v] = Object.fromEntries(SDKS.map((s) => [s, []]));
  for (let r = 0; r < rounds; r++) {
    for (const variant of VARIANTS) {
      for (const sdk of rotate(SDKS, r)) {
        if (sdk === 'bugsnag' && r >= peerRounds.bugsnag) continue;
        const result = await runChild(worker, { sdk, variant, captures, capMs }, {
          nodeArgs: ['--expose-gc', '--max-old-space-size=6144'],
          timeoutMs: capMs + 60_000,
          cwd: fileURLToPath(new URL('..', import.meta.url)),
        });
        const what = result.failed ?? `${result.finished ? 'finished' : `NOT finished (${int(result.done)} captured)`} in ${fixed(result.wallMs / 1000, 2)} s, ${int(result.delivered)} events, peak RSS ${int(result.peakRssMB)} MB`;
        log(`storm    round ${r + 1}/${rounds} ${variant.padEnd(8)} ${sdk}: ${what}`);
        runs[variant][sdk].push(result);
      }
    }
  }

  const checks = [];
  const sections = [];
  for (const variant of VARIANTS) {
    const rows = [];
    const bm = runs[variant].bugmastery.filter((x) => !x.failed);
    const bareUs = bm.map((x) => x.bareUs);
    rows.push([LABELS.bare, fixed(median(bareUs.map((us) => (us * captures) / 1e6)), 2), fixed(median(bareUs), 2), '1.00×', '', '', '', '', '']);
    for (const sdk of SDKS) {
      const all = runs[variant][sdk];
      const ok = all.filter((x) => !x.failed);
      if (ok.length === 0) {
        rows.push([LABELS[sdk], all[0]?.failed ?? 'not run', '', '', '', '', '', '', '']);
        continue;
      }
      const finished = ok.filter((x) => x.finished).length;
      const wall = ok.map((x) => x.wallMs / 1000);
      const perCapture = median(ok.map((x) => x.usPerLoopCapture));
      const vsBare = median(ok.map((x) => x.usPerLoopCapture / x.bareUs));
      const status =
        finished === ok.length
          ? `yes (${ok.length}/${all.length})`
          : notFinished(ok, captures, capMs);
      rows.push([
        LABELS[sdk],
        `${fixed(median(wall), 2)} (${range(spread(wall), 2)})`,
        fixed(perCapture, 2),
        ratio(vsBare),
        int(median(ok.map((x) => x.peakRssMB))),
        `${fixed(median(ok.map((x) => x.heapGrowthPeakMB)))} / ${fixed(median(ok.map((x) => x.heapGrowthRetainedMB)))}`,
        int(median(ok.map((x) => x.delivered))),
        sdk === 'bugmastery' ? int(allowance(variant, captures, median(ok.map((x) => x.wallMs)))) : '',
        status,
      ]);
      if (sdk === 'bugmastery') {
        const worstHeap = Math.max(...ok.map((x) => x.heapGrowthRetainedMB));
        const over = ok.filter((x) => x.delivered > allowance(variant, captures, x.wallMs)).length;
        checks.push({ name: `storm (${variant}): dropped capture ≤ 2× bare`, pass: vsBare <= 2, detail: ratio(vsBare) });
        checks.push({ name: `storm (${variant}): heap growth < 10 MB`, pass: worstHeap < 10, detail: `${fixed(worstHeap)} MB retained (worst round; ${fixed(Math.max(...ok.map((x) => x.heapGrowthPeakMB)))} MB before GC)` });
        checks.push({ name: `storm (${variant}): transport ≤ rate-limit allowance`, pass: over === 0, detail: `${int(median(ok.map((x) => x.delivered)))} events` });
        const s = ok[ok.length - 1].stats;
        if (s) {
          const d = Object.entries(s.dropped).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${int(n)}`).join(', ');
          rows.at(-1).push(`delivered ${int(s.delivered)}; dropped: ${d}`);
        }
      }
    }
    const width = Math.max(...rows.map((r) => r.length));
    for (const r of rows) while (r.length < width) r.push('');
    const header = ['SDK', 'wall s (spread)', 'µs / capture in loop', '× bare', 'peak RSS MB', 'heap growth MB (peak / after GC)', 'events at transport', 'allowed', 'finished'];
    if (width > header.length) header.push('Bugmastery accounting (last round)');
    const title =
      variant === 'same'
        ? `#### ${int(captures)} captures of the same error (one throw site)`
        : `#### ${int(captures)} captures cycling through ${int(DISTINCT_SITES)} distinct throw sites`;
    sections.push([title, '', table(header, rows)].join('\n'));
  }
  const section = [
    `### 2. Error storm — tight synchronous loop, default options, time cap ${fixed(capMs / 1000, 0)} s (${rounds} round${rounds > 1 ? 's' : ''}; @bugsnag/js ${peerRounds.bugsnag})`,
    '',
    ...sections.flatMap((s) => [s, '']),
    '"µs / capture in loop" is the loop alone (Bugmastery drops almost every capture there); wall adds the final flush. "allowed" = default token buckets over the wall time + snooze milestones (1st, 10th, 100th… occurrence of each fingerprint). Peak RSS is the whole child process, including its bare pass.',
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
