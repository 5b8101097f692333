import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Event } from '../src';
import { runFile, sdkBundle, tempDir } from './support/child';
import { startCollector, type Collector } from './support/collector';

/**
 * One bug, one fingerprint: the same app copied into different folders (blue/green deploys,
 * /app vs /usr/src/app, two checkouts), run as separate processes from different working
 * directories, must group its errors alike.
 */

const CART = `export function checkout(items) {
  if (items.length > 2) throw new RangeError('too many items: ' + items.length);
  return items.length;
}
`;
const DEP = `export function later(fn) {
  setTimeout(() => { throw new TypeError('dependency failed'); }, 1);
}
export function fail() { throw new TypeError('dependency failed inline'); }
`;
const MAIN = (sdk: string, options = '') => `import { init, httpTransport, computeFingerprint } from '${sdk}';
import { checkout } from '../lib/cart.mjs';
import { fail } from 'dep';
const client = init({ transports: [httpTransport({ url: process.env.COLLECTOR })], captureUncaught: false, captureSignals: false,
  captureUnhandledRejections: 'none', dedupeWindowMs: 0 ${options} });
// computeFingerprint must say what the client will: it rides along as a tag to compare.
const capture = (e) => client.captureException(e, { tags: { computed: computeFingerprint(e) } });
try { checkout([1, 2, 3]); } catch (e) { capture(e); }
try { fail(); } catch (e) { capture(e); }
try { JSON.parse('{'); } catch (e) { capture(e); }
await client.close(5000);
`;

/** An app: package.json at its root (unless `bare`), the entry script in bin/, its code in lib/, a dependency in node_modules. */
function makeApp(root: string, sdk: string, options: { bare?: boolean; init?: string } = {}): string {
  mkdirSync(join(root, 'bin'), { recursive: true });
  mkdirSync(join(root, 'lib'), { recursive: true });
  mkdirSync(join(root, 'node_modules', 'dep'), { recursive: true });
  if (!options.bare) writeFileSync(join(root, 'package.json'), '{ "name": "shop", "type": "module" }');
  writeFileSync(join(root, 'lib', 'cart.mjs'), CART);
  writeFileSync(join(root, 'node_modules', 'dep', 'package.json'), '{ "name": "dep", "type": "module", "main": "index.js" }');
  writeFileSync(join(root, 'node_modules', 'dep', 'index.js'), DEP);
  writeFileSync(join(root, 'bin', 'server.mjs'), MAIN(sdk, options.init));
  return join(root, 'bin', 'server.mjs');
}

async function fingerprints(collector: Collector, entry: string, cwd: string): Promise<Record<string, string>> {
  const before = collector.events.length;
  const result = await runFile(entry, { cwd, env: { COLLECTOR: collector.url } });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const events: Event[] = collector.events.slice(before);
  expect(events).toHaveLength(3);
  for (const e of events) expect(e.tags.computed).toBe(e.fingerprint);
  return Object.fromEntries(events.map((e) => [e.exceptions[0].type + ': ' + e.exceptions[0].message, e.fingerprint]));
}

describe('fingerprints do not depend on the folder the app is deployed in', () => {
  let collector: Collector;
  let sdk: string;
  beforeAll(async () => {
    collector = await startCollector();
    sdk = await sdkBundle();
  });
  afterAll(() => collector.close());

  it('copies of one app in two folders, started from different working directories, give every bug one fingerprint', async () => {
    const base = tempDir('bm-deploy-');
    const blue = makeApp(join(base, 'blue', 'shop'), sdk);
    const green = join(base, 'srv', 'releases', 'green', 'current');
    cpSync(join(base, 'blue', 'shop'), green, { recursive: true });
    const runs = [
      await fingerprints(collector, blue, join(base, 'blue', 'shop')),
      await fingerprints(collector, join(green, 'bin', 'server.mjs'), green),
      // systemd's default working directory, and a restart of the first copy from its bin folder.
      await fingerprints(collector, join(green, 'bin', 'server.mjs'), '/'),
      await fingerprints(collector, blue, join(base, 'blue', 'shop', 'bin')),
    ];
    expect(Object.keys(runs[0])).toEqual(expect.arrayContaining(['RangeError: too many items: 3', 'TypeError: dependency failed inline']));
    for (const run of runs.slice(1)) expect(run).toEqual(runs[0]);
    expect(new Set(Object.values(runs[0])).size).toBe(3);
  });

  it('without a package.json the entry folder is the root; the appRoot option names the real one', async () => {
    const base = tempDir('bm-bare-');
    const a = makeApp(join(base, 'a', 'shop'), sdk, { bare: true });
    const b = makeApp(join(base, 'b', 'store'), sdk, { bare: true });
    const apart = [await fingerprints(collector, a, base), await fingerprints(collector, b, base)];
    // lib/ is outside bin/: its path keeps the folders above it, which differ (`shop/lib/…` vs `store/lib/…`).
    expect(apart[0]['RangeError: too many items: 3']).not.toBe(apart[1]['RangeError: too many items: 3']);
    const init = `, appRoot: new URL('..', import.meta.url).pathname`;
    const c = makeApp(join(base, 'c', 'shop'), sdk, { bare: true, init });
    const d = makeApp(join(base, 'd', 'deeper', 'store'), sdk, { bare: true, init });
    const together = [await fingerprints(collector, c, base), await fingerprints(collector, d, base)];
    expect(together[0]).toEqual(together[1]);
  });
});
