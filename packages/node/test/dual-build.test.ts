import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFile, tempDir } from './support/child';
import { startCollector, type Collector } from './support/collector';

// The published builds, as an app mixing `import` and `require` loads them: two module instances
// of node and of core. (Built by `npm test`'s pretest, or `npm run build`.)
const ESM = resolve(__dirname, '../dist/index.js');
const CJS = resolve(__dirname, '../dist/index.cjs');

let collector: Collector;
beforeAll(async () => {
  if (!existsSync(ESM) || !existsSync(CJS)) throw new Error('packages/node/dist is missing: run `npm run build` first');
  collector = await startCollector();
});
afterAll(() => collector.close());

describe('the ESM and the CommonJS build share one process-wide state', () => {
  it('init() from ESM is the current client of the require()d CJS build; its job failures and scope reach that client', async () => {
    const dir = tempDir();
    const main = join(dir, 'main.mjs');
    writeFileSync(
      main,
      `import { createRequire } from 'node:module';
       import * as esm from ${JSON.stringify(pathToFileURL(ESM).href)};
       const cjs = createRequire(import.meta.url)(${JSON.stringify(CJS)});
       const client = esm.init({ transports: [esm.httpTransport({ url: process.env.COLLECTOR })], captureSignals: false });
       const facts = { twoCopies: cjs.init !== esm.init, sameClient: cjs.getCurrentClient() === client };

       // A CommonJS module's job helper reports through the client ESM made.
       const job = cjs.instrumentJob('cjs-sync', async () => { throw new Error('cjs job failed'); });
       await job().catch(() => undefined);

       // CommonJS glue's async-local scope (a request's, opened by its Express handler) is the one the ESM client reads.
       cjs.expressRequestHandler()({ method: 'GET', url: '/orders', headers: {} }, {}, () => {
         cjs.getCurrentClient().setTag('via', 'cjs-scope');
         client.captureException(new Error('captured in a cjs scope'));
       });
       client.captureException(new Error('captured outside the request'));

       // Metric sinks set from one build are used by the other.
       const seen = [];
       cjs.setMetricSinks([{ timing() {}, increment: (name) => seen.push(name), gauge() {} }]);
       esm.countEvent('order.paid');
       facts.sharedSinks = seen.some((n) => n.includes('order.paid'));

       // A second init from the other build replaces the first instead of stacking handlers.
       const before = process.listenerCount('uncaughtException');
       const second = cjs.init({ transports: [cjs.httpTransport({ url: process.env.COLLECTOR })], captureSignals: false, logger: { warn() {}, error() {} } });
       facts.handlersNotDoubled = process.listenerCount('uncaughtException') === before;
       facts.secondIsCurrentForBoth = esm.getCurrentClient() === second;
       await client.flush(5000);
       await second.close(5000);
       console.log(JSON.stringify(facts));`,
    );
    const result = await runFile(main, { env: { COLLECTOR: collector.url } });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout.trim())).toEqual({
      twoCopies: true,
      sameClient: true,
      sharedSinks: true,
      handlersNotDoubled: true,
      secondIsCurrentForBoth: true,
    });
    const jobEvent = collector.events.find((e) => e.exceptions[0]?.message === 'cjs job failed');
    expect(jobEvent?.tags).toMatchObject({ job: 'cjs-sync' });
    const scoped = collector.events.find((e) => e.exceptions[0]?.message === 'captured in a cjs scope');
    expect(scoped?.tags).toMatchObject({ via: 'cjs-scope' });
    // The tag went to the request's scope, not the global one: the two builds share one AsyncLocalStorage.
    const outside = collector.events.find((e) => e.exceptions[0]?.message === 'captured outside the request');
    expect(outside).toBeDefined();
    expect(outside?.tags.via).toBeUndefined();
  });
});
