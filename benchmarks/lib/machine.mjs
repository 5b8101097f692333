// What the figures were measured on: they mean little without the machine and the versions.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

function version(pkg) {
  try {
    // Some packages do not export ./package.json: find it from the resolved entry instead.
    let dir = dirname(require.resolve(pkg));
    for (let i = 0; i < 6; i++, dir = dirname(dir)) {
      try {
        const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
        if (json.name === pkg) return json.version;
      } catch {
        /* keep climbing */
      }
    }
  } catch {
    /* not installed */
  }
  return 'not installed';
}

export const PEERS = ['@sentry/node', '@sentry/browser', '@bugsnag/js', '@bugsnag/browser', 'autocannon', 'express', 'esbuild'];

export function machine() {
  const cpu = cpus();
  return {
    cpu: `${cpu[0]?.model ?? 'unknown'} × ${cpu.length}`,
    memory: `${Math.round(totalmem() / 1024 ** 3)} GB`,
    os: `${type()} ${release()}`,
    node: process.version,
    load: loadavg().map((x) => x.toFixed(2)).join(' '),
    versions: Object.fromEntries(['@bugmastery/core', ...PEERS].map((p) => [p, version(p)])),
  };
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
