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
  log(`bundle   Bugmastery ${int(r.bugmastery.gzipBytes)} B (errors only ${r.errorsOnly ? int(r.errorsOnly.gzipBytes) : '–'} B), Sentry ${int(r.sentry.gzipBytes)} B, Bugsnag ${int(r.bugsnag.gzipBytes)} B (min+gzip)`);
  const bm = r.bugmastery.gzipBytes;
  const vsSentry = bm / r.sentry.gzipBytes;
  // Issue 17's targets, in bytes (kB = 1000 B, as size-limit counts).
  const within = (x, max) => !!x && x.gzipBytes <= max;
  const checks = [
    { name: 'browser bundle ≤ 1/3 of @sentry/browser', pass: vsSentry <= 1 / 3, detail: `${int(bm)} B = ${ratio(vsSentry, 3)}` },
    { name: 'browser default app ≤ 12.0 KB min+gzip', pass: within(r.bugmastery, 12_000), detail: `${int(bm)} B` },
    { name: 'browser errors-only app ≤ 9.0 KB min+gzip', pass: within(r.errorsOnly, 9_000), detail: r.errorsOnly ? `${int(r.errorsOnly.gzipBytes)} B` : 'not built' },
    { name: 'browser script-tag build ≤ 15 KB gzip', pass: within(r.scriptTag, 15_000), detail: r.scriptTag ? `${int(r.scriptTag.gzipBytes)} B` : 'not built' },
  ];
  const row = (label, x, target) => [label, x.entry, int(x.minBytes), int(x.gzipBytes), ratio(bm / x.gzipBytes, 3), target ?? ''];
  const section = [
    '### 3. Browser bundle — default app (init + one transport + one capture), esbuild bundle+minify, ESM, platform browser, NODE_ENV=production, gzip -9',
    '',
    table(['SDK', 'entry', 'min bytes', 'min+gzip bytes', 'Bugmastery default ÷ this', 'target'], [
      row('Bugmastery (default)', r.bugmastery, `≤ 12,000 ${mark(checks[1].pass)}`),
      ...(r.errorsOnly ? [row('Bugmastery (errors only)', r.errorsOnly, `≤ 9,000 ${mark(checks[2].pass)}`)] : []),
      ...(r.scriptTag ? [row('Bugmastery script tag', r.scriptTag, `≤ 15,000 ${mark(checks[3].pass)}`)] : []),
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
