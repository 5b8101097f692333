// 6. Hostile input: bounded cost whatever the app attaches (time and heap per capture, scrubber time on 10 MB texts).
import { fileURLToPath } from 'node:url';
import { runChild } from '../lib/child.mjs';
import { fixed, int, mark, table } from '../lib/table.mjs';

const worker = fileURLToPath(new URL('./worker.mjs', import.meta.url));

/** Bounds generous for a loaded 2-core machine; unbounded cost shows as seconds and gigabytes (or a crash), not as 2×. */
const MAX_CAPTURE_MS = 250;
const MAX_HEAP_MB = 64;
const MAX_SCRUB_MS_PER_MB = 1000;

export async function hostileBench({ captures }, log) {
  const result = await runChild(worker, { captures }, { nodeArgs: ['--expose-gc', '--max-old-space-size=512'], timeoutMs: 300_000 });
  if (result.failed) {
    log(`hostile: ${result.failed}`);
    return { section: `### 6. Hostile input\n\nFailed: ${result.failed}`, checks: [{ name: 'hostile input: bounded capture cost', pass: false, detail: result.failed }] };
  }
  const captureRows = result.results.filter((r) => r.kind === 'capture');
  const scrubRows = result.results.filter((r) => r.kind === 'scrub');
  for (const r of result.results) log(`hostile  ${r.name}: ${r.kind === 'capture' ? `${fixed(r.medianMs)} ms (worst ${fixed(r.worstMs)}), heap +${fixed(r.heapMb)} MB` : `${fixed(r.ms)} ms for ${fixed(r.mb)} MB`}`);
  const worstMs = Math.max(...captureRows.map((r) => r.worstMs));
  const worstHeap = Math.max(...captureRows.map((r) => r.heapMb));
  const worstScrub = Math.max(...scrubRows.map((r) => r.ms / r.mb));
  const allDelivered = result.delivered === result.expected && result.stats.captured === result.stats.delivered;
  const checks = [
    { name: `hostile input: each capture ≤ ${MAX_CAPTURE_MS} ms`, pass: worstMs <= MAX_CAPTURE_MS && allDelivered, detail: `worst ${fixed(worstMs)} ms, ${int(result.delivered)} / ${int(result.expected)} delivered` },
    { name: `hostile input: heap growth ≤ ${MAX_HEAP_MB} MB`, pass: worstHeap <= MAX_HEAP_MB, detail: `${fixed(worstHeap)} MB` },
    { name: `scrubber ≤ ${MAX_SCRUB_MS_PER_MB} ms per MB on adversarial text`, pass: worstScrub <= MAX_SCRUB_MS_PER_MB, detail: `${fixed(worstScrub)} ms/MB` },
  ];
  const section = [
    `### 6. Hostile input — one capture of a shared-reference graph or endless Proxy (as error property, thrown value and context), and the scrubber on adversarial text`,
    '',
    table(['shape', 'median ms / capture', 'worst ms', 'heap growth MB', 'bound'], captureRows.map((r) => [r.name, fixed(r.medianMs), fixed(r.worstMs), fixed(r.heapMb), mark(r.worstMs <= MAX_CAPTURE_MS && r.heapMb <= MAX_HEAP_MB)])),
    '',
    table(['scrubber input', 'MB', 'ms', 'ms / MB', 'bound'], scrubRows.map((r) => [r.name, fixed(r.mb), fixed(r.ms), fixed(r.ms / r.mb), mark(r.ms / r.mb <= MAX_SCRUB_MS_PER_MB)])),
    '',
    `Before the value budget, the 6 × 40 case took 3.4 s and 246 MB per capture and the 100-wide one ran out of heap (issue 19). Bounds: ${MAX_CAPTURE_MS} ms and ${MAX_HEAP_MB} MB per capture, ${MAX_SCRUB_MS_PER_MB} ms per MB of text.`,
  ].join('\n');
  return { section, checks };
}
