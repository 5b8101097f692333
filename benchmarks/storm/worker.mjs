// Error storm, in a child process of its own: `captures` captures in one tight synchronous loop,
// either of one error (one throw site) or cycling through 1,000 distinct throw sites, with each
// SDK's default options. Measures wall time (loop + flush), the loop alone, peak RSS, heap growth
// and the events that reached the transport. A time cap stops SDKs that cannot keep up.
import { thrown } from '../lib/throw.mjs';
import { loadDistinct, DISTINCT_SITES } from '../lib/distinct.mjs';
import { setup } from '../lib/sdks.mjs';
import { report } from '../lib/child.mjs';

const { sdk, variant, captures, capMs } = JSON.parse(process.argv[2]);
const gc = globalThis.gc ?? (() => {});
const mb = (bytes) => bytes / 1024 / 1024;

const distinct = variant === 'distinct' ? await loadDistinct() : null;
const make =
  variant === 'same'
    ? () => thrown('storm: the same error')
    : (i) => distinct.thrownAt(i % DISTINCT_SITES, `storm: distinct error ${i % DISTINCT_SITES}`);

/** The loop every SDK runs; checks the time cap every 1,024 captures. */
function loop(adapter, deadline) {
  let i = 0;
  for (; i < captures; i++) {
    adapter.capture(make(i));
    if ((i & 1023) === 1023 && Date.now() > deadline) return i + 1;
  }
  return i;
}

// Same-process baseline: the identical loop with only new Error + .stack.
const bare = await setup('bare');
const bareStart = process.hrtime.bigint();
loop(bare, Infinity);
const bareUs = Number(process.hrtime.bigint() - bareStart) / 1e3 / captures;

let result = { sdk, variant, captures, bareUs };
if (sdk !== 'bare') {
  const adapter = await setup(sdk);
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const start = Date.now();
  const startNs = process.hrtime.bigint();
  const done = loop(adapter, start + capMs);
  const loopUs = Number(process.hrtime.bigint() - startNs) / 1e3;
  const heapAfterLoop = process.memoryUsage().heapUsed;
  const left = start + capMs - Date.now();
  const flushed = done === captures && left > 0 ? await adapter.flush(left) : false;
  const wallMs = Date.now() - start;
  gc();
  const heapAfterGc = process.memoryUsage().heapUsed;
  result = {
    ...result,
    done,
    finished: done === captures && flushed !== false,
    wallMs,
    usPerLoopCapture: loopUs / done,
    heapGrowthPeakMB: mb(heapAfterLoop - heapBefore),
    heapGrowthRetainedMB: mb(heapAfterGc - heapBefore),
    delivered: adapter.delivered(),
  };
  if (adapter.client) result.stats = adapter.client.stats();
  if (adapter.progress) result.progress = adapter.progress();
} else {
  result = { ...result, done: captures, finished: true, wallMs: (bareUs * captures) / 1000, usPerLoopCapture: bareUs, heapGrowthPeakMB: 0, heapGrowthRetainedMB: 0, delivered: 0 };
}
result.peakRssMB = process.resourceUsage().maxRSS / 1024;
report(result);
process.exit(0);

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
