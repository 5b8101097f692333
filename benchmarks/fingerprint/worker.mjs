// Fingerprint throughput, in a child process of its own: computeFingerprint from core over the
// errors of 1,000 distinct throw sites (stacks already read, so V8's stack formatting is not
// counted). "cold" forces a full parse + hash of every stack; "warm" is the default call, which
// after the first pass finds each call path in its cache — what a storm of known errors costs.
import { computeFingerprint } from '@bugmastery/core';
import { loadDistinct, DISTINCT_SITES } from '../lib/distinct.mjs';
import { report } from '../lib/child.mjs';

const { passes } = JSON.parse(process.argv[2]);
const { thrownAt } = await loadDistinct();
const errors = [];
for (let i = 0; i < DISTINCT_SITES; i++) {
  const err = thrownAt(i, `fingerprint: distinct error ${i}`);
  void err.stack;
  errors.push(err);
}

// An (empty) in-app rule bypasses the call-path cache: every call parses and hashes the stack.
const uncached = { inAppExclude: [] };

function timed(options) {
  const seen = new Set();
  const start = process.hrtime.bigint();
  for (let p = 0; p < passes; p++) for (const err of errors) seen.add(computeFingerprint(err, options));
  const us = Number(process.hrtime.bigint() - start) / 1e3;
  return { perSecond: (passes * errors.length) / (us / 1e6), usEach: us / (passes * errors.length), distinct: seen.size };
}

// Warm up the JIT on both paths; the default pass also fills the call-path cache.
for (let i = 0; i < 2; i++) {
  for (const err of errors) computeFingerprint(err, uncached);
  for (const err of errors) computeFingerprint(err);
}
const cold = timed(uncached);
const warm = timed(undefined);
report({ cold, warm, fingerprints: passes * errors.length });
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
