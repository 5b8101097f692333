import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';
import ts from 'typescript';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createClient, parseStack, symbolicate, type Event, type Frame } from '../src';
import { SourceMapper } from '../src/sourcemaps';
import { AppRoots } from '../src/app-roots';
import { runScript, tempDir } from './support/child';
import { startCollector } from './support/collector';

const TS_SOURCE = `interface Cart { items: number[] }

export function computeTotal(cart: Cart): number {
  const sum = cart.items.reduce((a, b) => a + b, 0);
  if (sum > 2) throw new RangeError('total too high: ' + sum);
  return sum;
}

export function checkout(cart: Cart): number {
  return computeTotal(cart) * 2;
}
`;
const THROW_LINE = 5;
const THROW_COLUMN = TS_SOURCE.split('\n')[THROW_LINE - 1].indexOf('new RangeError') + 1;
const requireCjs = createRequire(__filename);

async function esbuildCompile(dir: string, options: { minify?: boolean; banner?: string; sourcemap?: 'external' | 'inline' | 'linked' } = {}): Promise<string> {
  const outfile = join(dir, 'dist', 'cart.js');
  await build({
    entryPoints: [join(dir, 'cart.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    minify: options.minify ?? true,
    sourcemap: options.sourcemap ?? 'linked',
    banner: options.banner ? { js: options.banner } : undefined,
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}

function project(): string {
  const dir = tempDir('bm-sm-');
  writeFileSync(join(dir, 'cart.ts'), TS_SOURCE);
  return dir;
}

/** V8's own stack text: vitest installs a prepareStackTrace that would apply source maps before we do. */
function rawStack<T>(fn: () => T): T {
  const saved = Error.prepareStackTrace;
  Error.prepareStackTrace = undefined;
  try {
    return fn();
  } finally {
    Error.prepareStackTrace = saved;
  }
}

function thrownBy(file: string): unknown {
  return rawStack(() => {
    const mod = requireCjs(file) as { checkout(c: { items: number[] }): number };
    try {
      mod.checkout({ items: [1, 2, 3] });
    } catch (err) {
      void (err as Error).stack;
      return err;
    }
    throw new Error('expected a throw');
  });
}

function innermost(frames: Frame[]): Frame {
  return frames[frames.length - 1];
}

describe('source maps', () => {
  let dir: string;
  beforeAll(() => {
    dir = project();
  });

  it('a TypeScript file compiled by esbuild throws in a child process; the delivered frame points at the .ts line and column', async () => {
    const compiled = await esbuildCompile(dir);
    const collector = await startCollector();
    try {
      const result = await runScript(
        `import { init, httpTransport } from 'SDK';
         import { createRequire } from 'node:module';
         init({ transports: [httpTransport({ url: process.env.COLLECTOR })] });
         const { checkout } = createRequire(import.meta.url)(process.env.COMPILED);
         setTimeout(() => checkout({ items: [1, 2, 3] }), 1);`,
        { cwd: dir, env: { COLLECTOR: collector.url, COMPILED: compiled } },
      );
      expect(result.code).toBe(1);
      const [event] = await collector.waitFor(1);
      const top = innermost(event.exceptions[0].frames);
      expect(top.file).toBe(join(dir, 'cart.ts'));
      expect(top.line).toBe(THROW_LINE);
      expect(top.column).toBe(THROW_COLUMN);
      expect(top.function).toBe('computeTotal');
      expect(top.inApp).toBe(true);
      // Context lines come from the map's sourcesContent.
      expect(top.context?.line).toContain("throw new RangeError('total too high: ' + sum)");
      expect(top.context?.pre).toHaveLength(4);
    } finally {
      await collector.close();
    }
  });

  it('maps tsc output with an inline source map', () => {
    const tscDir = project();
    // tsc's own emitter (transpileModule), in-process: the full CLI takes seconds to start.
    const out = ts.transpileModule(TS_SOURCE, {
      fileName: join(tscDir, 'cart.ts'),
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2019, inlineSourceMap: true, inlineSources: true, outDir: join(tscDir, 'out') },
    });
    mkdirSync(join(tscDir, 'out'));
    writeFileSync(join(tscDir, 'out', 'cart.js'), out.outputText);
    const error = thrownBy(join(tscDir, 'out', 'cart.js'));
    const mapper = new SourceMapper({ roots: new AppRoots([tscDir]) });
    const frames = mapper.mapFrames(parseStack(error));
    const top = innermost(frames);
    expect(top.file).toBe(join(tscDir, 'cart.ts'));
    expect(top.line).toBe(THROW_LINE);
    expect(top.column).toBe(THROW_COLUMN);
    expect(top.function).toBe('computeTotal');
    expect(frames[frames.length - 2].function).toMatch(/checkout$/);
  });

  it('maps an inline data URL and a .map found beside the file without a comment', async () => {
    const d1 = project();
    const inline = await esbuildCompile(d1, { sourcemap: 'inline' });
    const d2 = project();
    const external = await esbuildCompile(d2, { sourcemap: 'external' });
    for (const [d, file] of [[d1, inline], [d2, external]] as const) {
      const mapper = new SourceMapper({ roots: new AppRoots([d]) });
      const top = innermost(mapper.mapFrames(parseStack(thrownBy(file))));
      expect(top).toMatchObject({ file: join(d, 'cart.ts'), line: THROW_LINE, column: THROW_COLUMN, function: 'computeTotal' });
    }
  });

  it('re-minified releases keep their fingerprint; the fingerprint uses original positions', async () => {
    const fingerprints: string[] = [];
    const d = tempDir('bm-fp-');
    mkdirSync(join(d, 'src'));
    writeFileSync(join(d, 'src', 'cart.ts'), TS_SOURCE);
    for (const [i, banner] of ['', 'var unrelated = 1; function other() { return unrelated + 1 }'].entries()) {
      const outfile = join(d, `build-${i}`, 'app.js');
      await build({ entryPoints: [join(d, 'src', 'cart.ts')], bundle: true, platform: 'node', format: 'cjs', minify: true, sourcemap: 'linked', banner: { js: banner }, outfile, logLevel: 'silent' });
      const mapper = new SourceMapper({ roots: new AppRoots([d]) });
      const events: Event[] = [];
      const client = createClient({
        platform: { name: 'node', mapFrames: (f) => mapper.mapFrames(f) },
        transports: [{ name: 'memory', write: (e) => void events.push(...e) }],
      });
      client.captureException(thrownBy(outfile));
      await client.flush();
      expect(innermost(events[0].exceptions[0].frames).function).toBe('computeTotal');
      fingerprints.push(events[0].fingerprint);
    }
    // Both builds map to ".../src/cart.ts" with the same function names, whatever the minifier did.
    expect(fingerprints[0]).toBe(fingerprints[1]);
  });

  it('a broken or missing map leaves frames as they were', async () => {
    const d = project();
    const file = await esbuildCompile(d);
    writeFileSync(file + '.map', '{ this is not json');
    const error = thrownBy(file);
    const raw = parseStack(error);
    const mapper = new SourceMapper({ roots: new AppRoots([d]) });
    expect(mapper.mapFrames(raw)).toEqual(raw);
    const noMap = project();
    const other = await esbuildCompile(noMap, { sourcemap: 'external' });
    writeFileSync(other + '.map', '');
    const raw2 = parseStack(thrownBy(other));
    expect(new SourceMapper({ roots: new AppRoots([noMap]) }).mapFrames(raw2)).toEqual(raw2);
  });

  it('refuses files outside the app directories', async () => {
    const d = project();
    const file = await esbuildCompile(d);
    const raw = parseStack(thrownBy(file));
    // The map is real, but d is not an app root for this mapper.
    const mapper = new SourceMapper({ roots: new AppRoots([join(d, 'elsewhere')]) });
    expect(mapper.mapFrames(raw).some((f) => f.file === join(d, 'cart.ts'))).toBe(false);
    // A sourceMappingURL that climbs out of the app is not followed.
    const sneaky = join(d, 'dist', 'sneaky.js');
    writeFileSync(sneaky, 'module.exports = () => { throw new Error("x") }\n//# sourceMappingURL=../../../../../../../etc/passwd\n');
    const err = rawStack(() => {
      try {
        (requireCjs(sneaky) as () => void)();
      } catch (e) {
        void (e as Error).stack;
        return e;
      }
    });
    const frames = parseStack(err);
    expect(new SourceMapper({ roots: new AppRoots([d]) }).mapFrames(frames)).toEqual(frames);
  });

  it('symbolicate() maps frames, with a separate map directory', async () => {
    // Inside the app's root (the repository: vitest runs from node_modules, so its package.json is found from the
    // current directory), and not below a dot folder (.cache): symbolicate reads only the app's own files.
    const d = mkdtempSync(join(process.cwd(), 'node_modules', 'bm-sym-'));
    onTestFinished(() => rmSync(d, { recursive: true, force: true }));
    writeFileSync(join(d, 'cart.ts'), TS_SOURCE);
    const file = await esbuildCompile(d, { sourcemap: 'external' });
    const maps = join(d, 'maps');
    mkdirSync(maps);
    const { renameSync } = await import('node:fs');
    renameSync(file + '.map', join(maps, 'cart.js.map'));
    const raw = parseStack(thrownBy(file));
    // The map lives in ./maps, so its relative sources resolve from there.
    const top = innermost(await symbolicate(raw, { sourceMapDir: maps }));
    expect(top.file?.endsWith('cart.ts')).toBe(true);
    expect(top.line).toBe(THROW_LINE);
    await expect(symbolicate([{ file: '/nowhere/x.js', line: 1, column: 1, inApp: true }])).resolves.toHaveLength(1);
  });
});
