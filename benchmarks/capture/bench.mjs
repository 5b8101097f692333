// 1. Capture cost: every SDK in its own child process per round, interleaved, median of rounds.
import { fileURLToPath } from 'node:url';
import { runChild } from '../lib/child.mjs';
import { LABELS } from '../lib/sdks.mjs';
import { median, rotate, spread } from '../lib/stats.mjs';
import { fixed, int, mark, range, ratio, table } from '../lib/table.mjs';

const worker = fileURLToPath(new URL('./worker.mjs', import.meta.url));
const SDKS = ['bugmastery', 'bugmastery-core', 'sentry', 'bugsnag'];

export async function captureBench({ rounds, captures, chunk, warmup }, log) {
  const runs = Object.fromEntries(SDKS.map((s) => [s, []]));
  for (let r = 0; r < rounds; r++) {
    for (const sdk of rotate(SDKS, r)) {
      const result = await runChild(worker, { sdk, captures, chunk, warmup }, { timeoutMs: 300_000, cwd: fileURLToPath(new URL('..', import.meta.url)) });
      log(`capture  round ${r + 1}/${rounds} ${sdk}: ${result.failed ?? `${fixed(result.usPerCapture)} µs (bare ${fixed(result.bareUs)} µs)`}`);
      runs[sdk].push(result);
    }
  }
  const us = (sdk) => runs[sdk].map((x) => x.usPerCapture);
  const m = Object.fromEntries(SDKS.map((s) => [s, median(us(s))]));
  // The baseline comes from the Bugmastery processes themselves: same process, same round.
  const bare = runs.bugmastery.map((x) => x.bareUs);
  const mBare = median(bare);
  const vsBare = median(runs.bugmastery.map((x) => x.usPerCapture / x.bareUs));
  const vsSentry = m.bugmastery / m.sentry;
  const vsBugsnag = m.bugmastery / m.bugsnag;
  const checks = [
    { name: 'capture ≤ 3× bare', pass: vsBare <= 3, detail: ratio(vsBare) },
    { name: 'capture ≤ 1/10 of @sentry/node', pass: vsSentry <= 0.1, detail: ratio(vsSentry, 3) },
    { name: 'capture ≤ 1/2 of @bugsnag/js', pass: vsBugsnag <= 0.5, detail: ratio(vsBugsnag, 3) },
  ];
  const events = (sdk) => {
    const ok = runs[sdk].filter((x) => !x.failed);
    return ok.length ? `${int(median(ok.map((x) => x.delivered)))} / ${int(captures)}` : 'n/a';
  };
  const rows = [
    [LABELS.bare, fixed(mBare), range(spread(bare)), '—', ratio(vsBare), `≤ 3× ${mark(checks[0].pass)}`],
    [LABELS.bugmastery, fixed(m.bugmastery), range(spread(us('bugmastery'))), events('bugmastery'), '1.00×', ''],
    [LABELS['bugmastery-core'], fixed(m['bugmastery-core']), range(spread(us('bugmastery-core'))), events('bugmastery-core'), ratio(m.bugmastery / m['bugmastery-core']), 'core ÷ @sentry/node ' + ratio(m['bugmastery-core'] / m.sentry, 3)],
    [LABELS.sentry, fixed(m.sentry), range(spread(us('sentry'))), events('sentry'), ratio(vsSentry, 3), `≤ 0.10× ${mark(checks[1].pass)}`],
    [LABELS.bugsnag, fixed(m.bugsnag), range(spread(us('bugsnag'))), events('bugsnag'), ratio(vsBugsnag, 3), `≤ 0.50× ${mark(checks[2].pass)}`],
  ];
  const failures = SDKS.flatMap((s) => runs[s].filter((x) => x.failed).map((x) => `${s}: ${x.failed}`));
  const section = [
    `### 1. Capture cost — µs per captureException (${int(captures)} captures in chunks of ${chunk}, flush after each chunk; ${rounds} round${rounds > 1 ? 's' : ''})`,
    '',
    table(['SDK', 'median µs', 'spread', 'events at transport', 'Bugmastery ÷ this', 'target'], rows),
    '',
    'Every event fully processed: Bugmastery with dedupe and rate limit off, each error has its own message (Sentry dedupes identical consecutive events). The targets are judged on `@bugmastery/node` init (runtime contexts and context lines on), like-for-like with @sentry/node; the core-only row shows the pipeline without the Node runtime.',
    ...failures.map((f) => `Failed run — ${f}`),
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
