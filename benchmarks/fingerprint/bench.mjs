// 5. Fingerprint throughput over the 1,000 distinct throw sites, one child process per round.
import { fileURLToPath } from 'node:url';
import { runChild } from '../lib/child.mjs';
import { distinctModulePath } from '../lib/distinct.mjs';
import { median, spread } from '../lib/stats.mjs';
import { fixed, int, range, table } from '../lib/table.mjs';

const worker = fileURLToPath(new URL('./worker.mjs', import.meta.url));

export async function fingerprintBench({ rounds, passes }, log) {
  distinctModulePath();
  const runs = [];
  for (let r = 0; r < rounds; r++) {
    const result = await runChild(worker, { passes }, { timeoutMs: 120_000 });
    log(`fingerprint round ${r + 1}/${rounds}: ${result.failed ?? `cold ${fixed(result.cold.usEach, 2)} µs, warm ${fixed(result.warm.usEach, 2)} µs`}`);
    if (!result.failed) runs.push(result);
  }
  if (runs.length === 0) return { section: '### 5. Fingerprint throughput\n\nFailed.', checks: [] };
  const row = (label, key, note) => {
    const us = runs.map((x) => x[key].usEach);
    const perSecond = runs.map((x) => x[key].perSecond);
    return [label, fixed(median(us), 2), range(spread(us), 2), int(median(perSecond)), int(runs[0][key].distinct), note];
  };
  const section = [
    `### 5. Fingerprint throughput — computeFingerprint on errors from 1,000 distinct throw sites (${int(runs[0].fingerprints)} calls per pass kind; ${rounds} round${rounds > 1 ? 's' : ''})`,
    '',
    table(['pass', 'median µs each', 'spread', 'fingerprints / s', 'distinct values', 'what it costs'], [
      row('cold', 'cold', 'parse the stack, normalise frames, hash (first sight of a throw site)'),
      row('warm', 'warm', 'call-path cache hit (a throw site seen before: the storm case)'),
    ]),
  ].join('\n');
  return { section, checks: [{ name: 'fingerprint: 1,000 throw sites → 1,000 fingerprints', pass: runs.every((x) => x.cold.distinct === 1000 && x.warm.distinct === 1000), detail: `${runs[0].cold.distinct}` }] };
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
