// 3. Browser bundle: sizes are deterministic, so one build each (in a child, like the rest).
import { fileURLToPath } from 'node:url';
import { runChild } from '../lib/child.mjs';
import { int, mark, ratio, table } from '../lib/table.mjs';

const worker = fileURLToPath(new URL('./worker.mjs', import.meta.url));

export async function bundleBench(_config, log) {
  const r = await runChild(worker, {}, { timeoutMs: 120_000 });
  if (r.failed) {
    log(`bundle   failed: ${r.failed}`);
    return { section: `### 3. Browser bundle\n\nFailed: ${r.failed}`, checks: [{ name: 'browser bundle ≤ 1/3 of @sentry/browser', pass: false, detail: r.failed }] };
  }
  log(`bundle   Bugmastery ${int(r.bugmastery.gzipBytes)} B, Sentry ${int(r.sentry.gzipBytes)} B, Bugsnag ${int(r.bugsnag.gzipBytes)} B (min+gzip)`);
  const bm = r.bugmastery.gzipBytes;
  const vsSentry = bm / r.sentry.gzipBytes;
  const checks = [{ name: 'browser bundle ≤ 1/3 of @sentry/browser', pass: vsSentry <= 1 / 3, detail: `${int(bm)} B = ${ratio(vsSentry, 3)}` }];
  const row = (label, x, target) => [label, x.entry, int(x.minBytes), int(x.gzipBytes), ratio(bm / x.gzipBytes, 3), target ?? ''];
  const section = [
    '### 3. Browser bundle — minimal app (init + one transport + one capture), esbuild bundle+minify, ESM, platform browser, NODE_ENV=production, gzip -9',
    '',
    table(['SDK', 'entry', 'min bytes', 'min+gzip bytes', 'Bugmastery ÷ this', 'target'], [
      row('Bugmastery', r.bugmastery),
      row('@sentry/browser', r.sentry, `≤ 0.333× ${mark(checks[0].pass)}`),
      row('@sentry/browser (no debug)', r.sentryNoDebug),
      row('@bugsnag/browser', r.bugsnag),
    ]),
    ...(r.bugmastery.fallback ? ['', `Bugmastery measured with the core fallback: ${r.bugmastery.fallback}`] : []),
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
