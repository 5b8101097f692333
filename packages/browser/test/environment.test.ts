// @vitest-environment node
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';

/**
 * `environment` defaults to NODE_ENV. In a browser there is no `process`: the value is the one the
 * app's bundler wrote in for `process.env.NODE_ENV`, so the SDK must read it in exactly that form.
 */
const core = fileURLToPath(new URL('../../core/src/index.ts', import.meta.url));

async function environmentOfBundle(define: Record<string, string>, platform: 'browser' | 'neutral' = 'browser'): Promise<unknown> {
  const out = await build({
    stdin: { contents: `import { createClient } from ${JSON.stringify(core)}; globalThis.result = createClient({}).environment;`, resolveDir: '.', loader: 'ts' },
    bundle: true,
    format: 'iife',
    platform,
    mainFields: ['browser', 'module', 'main'],
    write: false,
    logLevel: 'silent',
    define,
  });
  // A bare context: no `process`, as on a page.
  const sandbox: Record<string, unknown> = { console };
  runInNewContext(out.outputFiles[0].text, sandbox);
  return sandbox.result;
}

describe('environment default in browser bundles', () => {
  it('is what the bundler defined for process.env.NODE_ENV', async () => {
    expect(await environmentOfBundle({ 'process.env.NODE_ENV': '"development"' })).toBe('development');
    expect(await environmentOfBundle({ 'process.env.NODE_ENV': '"staging"' })).toBe('staging');
  });

  it("is 'production' when nothing was defined and there is no process", async () => {
    // esbuild's browser platform defines NODE_ENV on its own; the neutral one leaves the expression as written.
    expect(await environmentOfBundle({}, 'neutral')).toBe('production');
  });
});
