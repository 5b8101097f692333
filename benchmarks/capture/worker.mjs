// Capture cost, in a child process of its own: µs per captureException of a fresh error thrown
// three frames deep, up to the point the event is handed to a counting transport. Captures go
// in chunks with an awaited flush after each, so SDKs that process asynchronously (Sentry drops
// what exceeds its 64-slot buffer) do the full work for every event. The bare baseline — the
// same loop with only `new Error()` + `.stack` — runs first, in this same process.
import { thrown } from '../lib/throw.mjs';
import { setup } from '../lib/sdks.mjs';
import { report } from '../lib/child.mjs';

const { sdk, captures, chunk, warmup } = JSON.parse(process.argv[2]);

async function timed(adapter, n, label) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i += chunk) {
    const end = Math.min(n, i + chunk);
    for (let j = i; j < end; j++) adapter.capture(thrown(`${label} ${j}`));
    await adapter.flush();
  }
  return Number(process.hrtime.bigint() - start) / 1e3 / n;
}

const bare = await setup('bare');
await timed(bare, warmup, 'warmup');
const bareUs = await timed(bare, captures, 'capture benchmark');

let usPerCapture = bareUs;
let delivered = captures;
if (sdk !== 'bare') {
  const adapter = await setup(sdk, { mode: 'every' });
  await timed(adapter, warmup, 'warmup');
  const before = adapter.delivered();
  usPerCapture = await timed(adapter, captures, 'capture benchmark');
  delivered = adapter.delivered() - before;
}

report({ sdk, usPerCapture, bareUs, captures, delivered });
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
