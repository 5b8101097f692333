import { describe, expect, it } from 'vitest';
import { computeFingerprint, createClient, type Event } from '../src';
import { appRootPaths, eventId, hash64, normalizeMessage, normalizePath } from '../src/internal';
import { hex32 } from '../src/hex';
import { createStackCache } from '../src/fingerprint';

function withStack(type: string, message: string, frames: string[]): Error {
  const error = new Error(message);
  error.name = type;
  error.stack = `${type}: ${message}\n` + frames.map((f) => `    at ${f}`).join('\n');
  return error;
}

const bundle = (hash: string, host = 'https://cdn.example.com') => `${host}/assets/app.${hash}.js`;

describe('computeFingerprint', () => {
  it('is lowercase hex', () => {
    expect(computeFingerprint(new Error('x'))).toMatch(/^[0-9a-f]{16}$/);
  });

  it('keeps the same value across line shifts, bundle hashes, hosts and query strings', () => {
    const before = withStack('TypeError', 'Cannot read properties of undefined', [
      `renderCart (${bundle('3f2a9b1c')}:10:20)`,
      `onClick (${bundle('3f2a9b1c')}:50:3)`,
    ]);
    const after = withStack('TypeError', 'Cannot read properties of undefined', [
      `renderCart (${bundle('9e8d7c6b', 'https://static.example.org')}?v=42:12:40)`,
      `onClick (${bundle('9e8d7c6b', 'https://static.example.org')}?v=42:57:9)`,
    ]);
    expect(computeFingerprint(after)).toBe(computeFingerprint(before));
  });

  it('ignores deploy directories and version segments in Node paths', () => {
    const a = withStack('Error', 'db down', ['query (/srv/releases/20261101/src/db.js:10:5)', 'handler (/srv/releases/20261101/src/routes/cart.js:3:1)']);
    const b = withStack('Error', 'db down', ['query (/srv/releases/20261124/src/db.js:11:5)', 'handler (/srv/releases/20261124/src/routes/cart.js:9:1)']);
    expect(computeFingerprint(b)).toBe(computeFingerprint(a));
  });

  it('survives minifier renames (names of one or two letters carry no identity)', () => {
    const a = withStack('TypeError', 'x is not a function', [`a (${bundle('11aa22bb')}:1:100)`, `b (${bundle('11aa22bb')}:1:900)`]);
    const b = withStack('TypeError', 'x is not a function', [`c (${bundle('33cc44dd')}:1:120)`, `Qe (${bundle('33cc44dd')}:1:950)`]);
    expect(computeFingerprint(b)).toBe(computeFingerprint(a));
  });

  it('survives the renames of a real re-minified build: esbuild hashes without digits, hashes before .min.js, minified class names, three-character names', () => {
    const same = (a: string[], b: string[]) => expect(computeFingerprint(withStack('TypeError', 'x', b))).toBe(computeFingerprint(withStack('TypeError', 'x', a)));
    // esbuild's base32 hashes: one in five has no digit.
    same(['checkout (https://shop.test/assets/main-THGYABFG.js:1:200)'], ['checkout (https://shop.test/assets/main-MGIPMHCR.js:1:900)']);
    same(['checkout (https://shop.test/app.3f2a9b1c.min.js:1:20)'], ['checkout (https://shop.test/app.77aa01be.min.js:1:80)']);
    // A method of a minified class: the class name is renamed, the method keeps its name.
    same(['a.total (https://shop.test/main.js:1:20)', 'checkout (https://shop.test/main.js:1:90)'], ['i.total (https://shop.test/main.js:1:40)', 'checkout (https://shop.test/main.js:1:95)']);
    // Big bundles run out of two-letter names.
    same(['h3r (https://shop.test/main.js:1:20)'], ['s3r (https://shop.test/main.js:1:70)']);
    expect(computeFingerprint(withStack('TypeError', 'x', ['Cart.total (https://shop.test/main.js:1:20)']))).not.toBe(
      computeFingerprint(withStack('TypeError', 'x', ['Cart.subtotal (https://shop.test/main.js:1:20)'])),
    );
  });

  it('a stack that is only its header (stackTraceLimit 0) falls back to type + normalised message', () => {
    const headerOnly = (message: string): Error => Object.assign(new Error(message), { stack: `Error: ${message}` });
    expect(computeFingerprint(headerOnly('user 1234 not found'))).toBe(computeFingerprint(headerOnly('user 98 not found')));
    expect(computeFingerprint(headerOnly('user 1234 not found'))).toBe(computeFingerprint(Object.assign(new Error('user 5 not found'), { stack: undefined })));
  });

  it('differs for a different throw site or a different type', () => {
    const site = (fn: string, type = 'TypeError') => withStack(type, 'boom', [`${fn} (/app/src/cart.js:10:2)`, 'main (/app/src/index.js:3:1)']);
    expect(computeFingerprint(site('renderCart'))).not.toBe(computeFingerprint(site('renderTotals')));
    expect(computeFingerprint(site('renderCart'))).not.toBe(computeFingerprint(site('renderCart', 'RangeError')));
  });

  it('differs for two real throw sites and matches for one site thrown twice', () => {
    const throwA = () => {
      throw new Error('a');
    };
    const throwB = () => {
      throw new Error('a');
    };
    const capture = (fn: () => void) => {
      try {
        fn();
      } catch (e) {
        return computeFingerprint(e);
      }
      return '';
    };
    expect(capture(throwA)).toBe(capture(throwA));
    expect(capture(throwA)).not.toBe(capture(throwB));
  });

  it('uses in-app frames: library internals can change without regrouping', () => {
    const a = withStack('Error', 'x', ['parse (/app/node_modules/lib/v1/parse.js:1:1)', 'load (/app/src/config.js:4:2)']);
    const b = withStack('Error', 'x', ['parseStrict (/app/node_modules/lib/v2/strict.js:9:9)', 'load (/app/src/config.js:6:2)']);
    expect(computeFingerprint(b)).toBe(computeFingerprint(a));
  });

  it('falls back to type + normalised message without a stack', () => {
    expect(computeFingerprint('user 42 not found')).toBe(computeFingerprint('user 97 not found'));
    expect(computeFingerprint({ message: 'order 3f2a9b1c4d failed for a@b.co' })).toBe(computeFingerprint({ message: 'order 99ffee0011 failed for c@d.org' }));
    expect(computeFingerprint('user 42 not found')).not.toBe(computeFingerprint('cart 42 is empty'));
  });
});

describe('normalizeMessage', () => {
  it('replaces numbers, hex ids, UUIDs, e-mails and quoted strings', () => {
    expect(normalizeMessage('id 123e4567-e89b-12d3-a456-426614174000 "x" 0xdeadbeef abc123def 42 bob@example.com')).toBe('id <uuid> <str> <hex> <hex> <n> <email>');
  });
});

describe('normalizePath', () => {
  it.each([
    ['https://cdn.example.com/assets/main-3F2A9B1C.js?x=1#y', 'assets/main.js'],
    ['https://x.io/static/js/index-DiwrgTda.js', 'static/js/index.js'],
    ['/srv/app/node_modules/.pnpm/lib@1.2.3/node_modules/lib/index.js', 'node_modules/lib/index.js'],
    ['C:\\app\\src\\widget.js', 'app/src/widget.js'],
    ['file:///home/u/project/v2/src/a.ts', 'project/src/a.ts'],
  ])('%s → %s', (input, expected) => {
    expect(normalizePath(input)).toBe(expected);
  });
});

describe('createStackCache', () => {
  it('one throw site reached from many call paths: each path keeps its own frames, also past the per-site list', () => {
    const parse = createStackCache();
    const stackFrom = (caller: number) => withStack('Error', `boom ${caller}`, ['fail (/app/src/fail.js:3:9)', `route${caller} (/app/src/routes/r${caller}.js:${caller + 1}:5)`]).stack as string;
    for (let round = 0; round < 3; round++) {
      for (let caller = 0; caller < 30; caller++) {
        const frames = parse(stackFrom(caller)).frames;
        expect(frames.map((f) => f.function)).toEqual([`route${caller}`, 'fail']);
      }
    }
    // A hit is the same parsed object: a storm parses once.
    expect(parse(stackFrom(3))).toBe(parse(stackFrom(3)));
    expect(parse(stackFrom(25))).toBe(parse(stackFrom(25)));
  });

  it('stays bounded: thousands of throw sites evict the oldest and still parse right', () => {
    const parse = createStackCache();
    for (let site = 0; site < 5000; site++) {
      const frames = parse(withStack('Error', 'x', [`f${site} (/app/src/f${site}.js:1:1)`]).stack as string).frames;
      expect(frames[0].function).toBe(`f${site}`);
    }
    const first = withStack('Error', 'x', ['f0 (/app/src/f0.js:1:1)']).stack as string;
    expect(parse(first).frames[0].function).toBe('f0');
  });
});

describe('hash64 and eventId', () => {
  /** The digits as toString(16) + padStart give them: fingerprints must not change with the hex table. */
  const reference = (n: number) => (n >>> 0).toString(16).padStart(8, '0');

  it('hex digits match toString(16), leading zeros included', () => {
    for (const n of [0, 1, 0xf, 0x10, 0xff, 0x1234, 0x00abcdef, 0x7fffffff, 0x80000000, 0xffffffff, -1]) {
      expect(hex32(n)).toBe(reference(n));
    }
  });

  it('keeps its published values', () => {
    // Fixed outputs: a change here regroups every stored fingerprint.
    expect(hash64('')).toBe('5db4a5019c76b4f5');
    expect(hash64('TypeError\nabc')).toBe('7383abcccff8f8cc');
    expect(hash64('Error\n0123456789abcdef')).toBe('ae37163f198edf26');
  });

  it('eventId is a UUID v4 without dashes, unique across pool refills', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const id = eventId();
      expect(id).toMatch(/^[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}$/);
      ids.add(id);
    }
    expect(ids.size).toBe(1000);
  });
});

describe('createStackCache', () => {
  it('returns the cached parse for a repeated stack, and a fresh one for another stack after it', () => {
    const parse = createStackCache();
    const a = withStack('Error', 'one', ['f (/app/a.js:1:1)', 'g (/app/b.js:2:2)']).stack!;
    const a2 = withStack('Error', 'two', ['f (/app/a.js:1:1)', 'g (/app/b.js:2:2)']).stack!;
    const b = withStack('Error', 'one', ['f (/app/a.js:1:1)', 'h (/app/c.js:3:3)']).stack!;
    const first = parse(a);
    expect(parse(a2)).toBe(first); // same frames, other message
    const other = parse(b);
    expect(other).not.toBe(first);
    expect(other.frames.map((f) => f.function)).toEqual(['h', 'f']);
    expect(parse(a)).toBe(first);
  });
});

describe('fingerprints independent of where the code runs from', () => {
  const firefox = (type: string, lines: string[]): Error => Object.assign(new Error('x'), { name: type, stack: lines.join('\n') + '\n' });

  it('Firefox code made by new Function / eval: the line of the call that made it is not part of the identity (the event keeps it)', () => {
    const at = (line: number, kind: string) =>
      firefox('TypeError', [`render@https://shop.test/app.js line ${line} > ${kind}:2:11`, `boot@https://shop.test/app.js:${line + 90}:5`]);
    for (const kind of ['Function', 'eval', 'eval line 3 > Function']) expect(computeFingerprint(at(214, kind))).toBe(computeFingerprint(at(210, kind)));
    // Still a different bug from the same function in app.js itself.
    expect(computeFingerprint(at(210, 'Function'))).not.toBe(computeFingerprint(firefox('TypeError', ['render@https://shop.test/other.js:2:11', 'boot@https://shop.test/app.js:300:5'])));
    const frames = createStackCache()(at(210, 'Function').stack!).frames;
    expect(frames[frames.length - 1].file).toBe('https://shop.test/app.js line 210 > Function');
  });

  it('hosts and origins do not count, nested ones (blob:) included', () => {
    const on = (url: string) => withStack('TypeError', 'x', [`render (${url}:1:1)`]);
    expect(computeFingerprint(on('https://staging.shop.test:8443/assets/app.js'))).toBe(computeFingerprint(on('https://cdn.shop-prod.net/assets/app.js')));
    expect(computeFingerprint(on('blob:https://staging.shop.test/1b4e28ba-2fa1-11d2-883f-0016d3cca427'))).toBe(
      computeFingerprint(on('blob:https://shop.test/6fa459ea-ee8a-3ca4-894e-db77e160355e')),
    );
  });

  it('paths below the app root count from the root: any deploy folder, checkout or drive gives one fingerprint', () => {
    const at = (root: string, file = `${root}/server.mjs`) => withStack('Error', 'x', [`handle (${file}:10:5)`, `main (${root}/src/routes/cart.js:3:1)`]);
    const same = (a: string, b: string) => expect(computeFingerprint(at(b), { appRoot: b })).toBe(computeFingerprint(at(a), { appRoot: a }));
    same('/srv/blue', '/srv/green');
    same('/app', '/usr/src/app');
    same('/home/ann/work/shop', '/home/bob/code/clones/shop-2');
    same('C:\\deploy\\shop', '/opt/shop');
    // ESM stacks name files by URL (percent-encoded): relative to the same root.
    expect(computeFingerprint(at('/srv/my app', 'file:///srv/my%20app/server.mjs'), { appRoot: '/srv/my app' })).toBe(computeFingerprint(at('/app'), { appRoot: '/app' }));
    expect(normalizePath('/srv/blue/server.mjs', appRootPaths(['/srv/blue']))).toBe('server.mjs');
    // The file-system root is no root.
    expect(normalizePath('/srv/blue/server.mjs', appRootPaths(['/']))).toBe('srv/blue/server.mjs');
    // A dependency counts from its package, wherever it is installed.
    expect(normalizePath('/srv/blue/node_modules/.pnpm/pg@8.1.0/node_modules/pg/lib/client.js', appRootPaths(['/srv/blue']))).toBe('node_modules/pg/lib/client.js');
  });

  it('a client uses the runtime\'s app root, and hands only Error objects\' stacks to the runtime\'s symbolication', async () => {
    const mapped: string[] = [];
    const client = (root: string, events: Event[]) =>
      createClient({
        dedupeWindowMs: 0,
        platform: { name: 'node', relativePath: appRootPaths([root]), mapFrames: (frames) => (mapped.push(frames.map((f) => f.file).join()), frames) },
        transports: [{ name: 'memory', write: (batch) => void events.push(...batch) }],
      });
    const fromBlue: Event[] = [];
    const fromGreen: Event[] = [];
    const blue = client('/srv/blue', fromBlue);
    const green = client('/srv/green', fromGreen);
    const stack = (root: string) => `Error: x\n    at handle (${root}/src/cart.js:10:5)`;
    blue.captureException(Object.assign(new Error('x'), { stack: stack('/srv/blue') }));
    green.captureException(Object.assign(new Error('x'), { stack: stack('/srv/green') }));
    expect(mapped).toHaveLength(2);
    // Plain data with a stack (an upstream body), and a plain cause: parsed and fingerprinted, never symbolicated.
    blue.captureException({ message: 'x', stack: stack('/srv/blue/.env') });
    blue.captureException(Object.assign(new Error('z'), { stack: stack('/srv/blue/lib'), cause: { message: 'y', stack: stack('/etc') } }));
    expect(mapped).toEqual(['/srv/blue/src/cart.js', '/srv/green/src/cart.js', '/srv/blue/lib/src/cart.js']);
    await blue.flush();
    await green.flush();
    expect(fromBlue[0].fingerprint).toBe(fromGreen[0].fingerprint);
    expect(fromBlue[1].exceptions[0].frames[0].file).toBe('/srv/blue/.env/src/cart.js');
    expect(fromBlue[2].exceptions[1].frames[0].file).toBe('/etc/src/cart.js');
  });
});
