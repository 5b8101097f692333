import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type Client, type Event, type Options } from '../../src';
import { MAX_EVENT_BYTES } from '../../src/internal';
import { expectAccounted, memoryLogger, prototypeSnapshot, recorder, rejectionSpy, utf8Bytes, MB } from './harness';

/** Sentry's event limit and Bugsnag's payload limit. */
const ONE_MB = 1_000_000;

const everyTrap: ProxyHandler<object> = new Proxy(
  {},
  {
    get: () => () => {
      throw new Error('trap');
    },
  },
);

function throwingProxy(target: object = {}): object {
  return new Proxy(target, everyTrap);
}

function withGetters(getters: Partial<Record<'message' | 'name' | 'stack', () => unknown>>, base: object = new Error('base')): Error {
  // stack first: redefining it after a throwing name getter exists would make V8's lazy stack formatting throw.
  for (const key of ['stack', 'message', 'name'] as const) {
    const get = getters[key];
    if (get) Object.defineProperty(base, key, { get, configurable: true });
  }
  return base as Error;
}

const boom = () => {
  throw new Error('getter boom');
};

function deepCauses(depth: number): Error {
  let e = new Error('root');
  for (let i = 0; i < depth; i++) e = new Error(`level ${i}`, { cause: e });
  return e;
}

function cyclicCauses(): Error {
  const a = new Error('a');
  const b = new Error('b', { cause: a });
  const c = new Error('c', { cause: b });
  (a as { cause?: unknown }).cause = c;
  return c;
}

function hugeStack(lines: number, lineText = (i: number) => `    at fn${i} (/app/src/file${i % 50}.js:${i}:1)`): Error {
  const e = new Error('deep stack');
  const out = ['Error: deep stack'];
  for (let i = 0; i < lines; i++) out.push(lineText(i));
  e.stack = out.join('\n');
  return e;
}

const polluting = JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"}}') as Record<string, unknown>;

class CustomError extends Error {
  code = 'E_CUSTOM';
  constructor(message: string) {
    super(message);
    this.name = 'CustomError';
  }
}

/** Named hostile thrown values. Each must come out as an event or a counted drop, never as an exception. */
const cases: [string, () => unknown][] = [
  ['undefined', () => undefined],
  ['null', () => null],
  ['true', () => true],
  ['zero', () => 0],
  ['NaN', () => NaN],
  ['-Infinity', () => -Infinity],
  ['BigInt', () => 12345678901234567890n],
  ['Symbol', () => Symbol('thrown')],
  ['empty string', () => ''],
  ['string', () => 'plain string thrown'],
  ['function', () => function namedFn() {}],
  ['arrow', () => () => 1],
  ['class', () => class Thrown {}],
  ['Date', () => new Date(0)],
  ['invalid Date', () => new Date(NaN)],
  ['RegExp', () => /x+/g],
  ['Map', () => new Map<unknown, unknown>([[{ k: 1 }, new Set([1n])], ['__proto__', 1]])],
  ['Set', () => new Set([Symbol('a'), 2n, () => 1])],
  ['Uint8Array 1 MB', () => new Uint8Array(MB)],
  ['Float64Array', () => new Float64Array([NaN, Infinity])],
  ['ArrayBuffer', () => new ArrayBuffer(16)],
  ['DataView', () => new DataView(new ArrayBuffer(8))],
  ['WeakMap', () => new WeakMap()],
  ['Promise', () => Promise.resolve(1)],
  ['sparse array', () => [1, , 3]], // eslint-disable-line no-sparse-arrays
  ['array of 1e6', () => new Array(1_000_000).fill('x')],
  ['object with 100k keys', () => Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]))],
  ['null-prototype object', () => Object.assign(Object.create(null) as object, { message: 'np', stack: 42 })],
  ['bare null-prototype object', () => Object.create(null) as object],
  ['frozen Error', () => Object.freeze(new TypeError('frozen'))],
  ['frozen object', () => Object.freeze({ message: 'frozen obj', nested: Object.freeze({ a: 1 }) })],
  ['sealed Error with cause', () => Object.seal(new Error('sealed', { cause: 'str cause' }))],
  ['Proxy throwing on every trap', () => throwingProxy()],
  ['Proxy over an Error throwing on every trap', () => throwingProxy(new Error('hidden'))],
  ['revoked Proxy', () => {
    const r = Proxy.revocable({}, {});
    r.revoke();
    return r.proxy;
  }],
  ['Error with throwing message getter', () => withGetters({ message: boom })],
  ['Error with throwing name getter', () => withGetters({ name: boom })],
  ['Error with throwing stack getter', () => withGetters({ stack: boom })],
  ['Error with all getters throwing', () => withGetters({ message: boom, name: boom, stack: boom })],
  ['Error with numeric message', () => withGetters({ message: () => 42 })],
  ['Error with object message', () => withGetters({ message: () => ({ nested: { deep: true } }) })],
  ['Error with Symbol name', () => withGetters({ name: () => Symbol('name') })],
  ['Error with Proxy message', () => withGetters({ message: () => throwingProxy() })],
  ['Error with non-string stack', () => withGetters({ stack: () => ({ not: 'a string' }) })],
  ['Error whose cause getter throws', () => Object.defineProperty(new Error('c'), 'cause', { get: boom })],
  ['Error whose errors getter throws', () => Object.defineProperty(new Error('e'), 'errors', { get: boom })],
  ['Error whose constructor getter throws', () => Object.defineProperty(new Error('ctor'), 'constructor', { get: boom })],
  ['object with throwing toString and toPrimitive', () => ({ toString: boom, [Symbol.toPrimitive]: boom, valueOf: boom })],
  ['object with throwing own getter', () => Object.defineProperty({}, 'data', { get: boom, enumerable: true })],
  ['cyclic object', () => {
    const o: Record<string, unknown> = { name: 'Cyc' };
    o.self = o;
    return o;
  }],
  ['cyclic cause chain', cyclicCauses],
  ['self cause', () => {
    const e = new Error('me');
    (e as { cause?: unknown }).cause = e;
    return e;
  }],
  ['10,000-deep causes', () => deepCauses(10_000)],
  ['cause chain of Proxies', () => new Error('outer', { cause: throwingProxy() })],
  ['AggregateError with 10,000 members', () => new AggregateError(Array.from({ length: 10_000 }, (_, i) => new Error(`m${i}`)), 'many')],
  ['10 MB message', () => new Error('x'.repeat(10 * MB))],
  ['10 MB string', () => 'y'.repeat(10 * MB)],
  ['10 MB multi-line message', () => new Error('line\n'.repeat(2 * MB))],
  ['100,000-line stack', () => hugeStack(100_000)],
  ['100,000-line stack of garbage', () => hugeStack(100_000, (i) => `garbage ${i} ((((`)],
  ['stack with one 10 MB line', () => Object.assign(new Error('long line'), { stack: `Error: long line\n    at f (/app/${'a'.repeat(10 * MB)}.js:1:1)` })],
  ['stack with one 1 MB line and no location', () => Object.assign(new Error('no location'), { stack: `Error: no location\n    at ${'a'.repeat(MB)}` })],
  ['stack with 1 MB lines in another engine\'s format', () => Object.assign(new Error('gecko'), { stack: `${'f'.repeat(MB)}@${'u'.repeat(MB)}\n${'g@'.repeat(MB / 2)}` })],
  ['stack with 100 frames of 50 KB paths', () => hugeStack(100, (i) => `    at f${i} (/app/${'p'.repeat(50_000)}${i}.js:1:1)`)],
  ['lone high surrogate', () => new Error('bad \uD800 text')],
  ['lone low surrogate', () => new Error('\uDC00 at start')],
  ['reversed surrogate pair', () => new Error('\uDC00\uD800')],
  ['surrogates in name and stack', () => Object.assign(new Error('\uD83D'), { name: 'Bad\uDFFFName', stack: 'Bad\uDFFFName: \uD83D\n    at \uD800fn (/app/\uDC00.js:1:1)' })],
  ['NUL and control characters', () => new Error('\u0000\u0001\u001b[31mred\u2028\u2029')],
  ['__proto__ / constructor keys on the thrown object', () => Object.assign(new CustomError('meta'), polluting)],
  ['JSON with __proto__ thrown as-is', () => JSON.parse('{"__proto__":{"polluted":"yes"},"message":"json"}')],
  ['Error subclass with metadata', () => Object.assign(new CustomError('with meta'), { status: 503, big: 1n, when: new Date(0), map: new Map([[1, 2]]) })],
  ['DOMException-like object', () => ({ name: 'NetworkError', message: 'Failed to fetch', code: 19 })],
];

const UNREADABLE = /^\[object |^undefined$/;

/** `thrownText`: strings the app threw itself, which are their own message even when they read "undefined". */
function checkEvent(event: Event, thrownText: ReadonlySet<unknown> = new Set()): void {
  const json = JSON.stringify(event);
  expect(utf8Bytes(json)).toBeLessThanOrEqual(ONE_MB);
  expect(JSON.parse(json).id).toBe(event.id);
  expect(event.id).toMatch(/^[0-9a-f]{32}$/);
  const ex = event.exceptions[0];
  expect(typeof ex.type).toBe('string');
  expect(ex.type.length).toBeGreaterThan(0);
  expect(ex.type).not.toMatch(UNREADABLE);
  expect(typeof ex.message).toBe('string');
  if (!thrownText.has(ex.message)) expect(ex.message).not.toMatch(UNREADABLE);
}

let spy: ReturnType<typeof rejectionSpy>;
let before: string;
beforeAll(() => {
  spy = rejectionSpy();
  before = prototypeSnapshot();
});
afterAll(() => {
  spy.stop();
  expect(spy.seen).toEqual([]);
  expect(prototypeSnapshot()).toBe(before);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

function client(extra: Partial<Options> = {}): { client: Client; rec: ReturnType<typeof recorder>; log: ReturnType<typeof memoryLogger> } {
  const rec = recorder();
  const log = memoryLogger();
  return { client: createClient({ transports: [rec], logger: log, dedupeWindowMs: 0, rateLimit: {}, ...extra }), rec, log };
}

describe('hostile thrown values (named cases)', () => {
  it.each(cases)('%s: never throws, delivered readable and under 1 MB', async (_name, make) => {
    const { client: c, rec } = client();
    const value = make();
    let id: unknown;
    expect(() => {
      id = c.captureException(value);
    }).not.toThrow();
    expect(id === undefined || (typeof id === 'string' && /^[0-9a-f]{32}$/.test(id))).toBe(true);
    expect(await c.flush(5000)).toBe(true);
    const s = expectAccounted(c);
    // Nothing here is filtered by options, so every value must reach the transport.
    expect(s.delivered).toBe(1);
    expect(rec.events).toHaveLength(1);
    expect(rec.events[0].id).toBe(id);
    checkEvent(rec.events[0]);
  });

  it('bounds cause chains: cyclic chains stop, 10,000-deep chains keep a handful', async () => {
    const { client: c, rec } = client();
    c.captureException(cyclicCauses());
    c.captureException(deepCauses(10_000));
    await c.flush(5000);
    expect(rec.events[0].exceptions.map((e) => e.message)).toEqual(['c', 'b', 'a']);
    expect(rec.events[1].exceptions.length).toBeLessThanOrEqual(11);
  });

  it('a 100,000-line stack keeps the innermost frames, bounded', async () => {
    const { client: c, rec } = client();
    c.captureException(hugeStack(100_000));
    await c.flush(5000);
    const frames = rec.events[0].exceptions[0].frames;
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.length).toBeLessThanOrEqual(100);
    expect(frames[frames.length - 1].function).toBe('fn0');
  });

  it('hostile captureMessage, breadcrumbs and scope setters never throw and never poison later events', async () => {
    const { client: c, rec } = client();
    const bad = throwingProxy();
    expect(() => c.captureMessage(bad as unknown as string)).not.toThrow();
    expect(() => c.captureMessage(Symbol('m') as unknown as string)).not.toThrow();
    expect(() => c.captureMessage('\uD800'.repeat(1000) + 'x'.repeat(10 * MB), 'warning')).not.toThrow();
    expect(() => c.addBreadcrumb(bad as never)).not.toThrow();
    expect(() => c.addBreadcrumb({ category: bad as never, type: bad as never, level: bad as never, message: bad as never, data: bad as never })).not.toThrow();
    expect(() => c.addBreadcrumb({ message: 'ok', data: { big: 10n, sym: Symbol('s'), fn: () => 1, cyc: polluting } })).not.toThrow();
    expect(() => c.setTag(bad as never, bad as never)).not.toThrow();
    expect(() => c.setTag('__proto__', 'x')).not.toThrow();
    expect(() => c.setContext(bad as never, bad as never)).not.toThrow();
    expect(() => c.setContext('__proto__', { polluted: 'yes' })).not.toThrow();
    expect(() => c.setContext('constructor', { prototype: { polluted: 'yes' } })).not.toThrow();
    expect(() => c.setContext('proxy', bad as never)).not.toThrow();
    expect(() => c.setUser(bad as never)).not.toThrow();
    expect(() => c.setUser(polluting as never)).not.toThrow();
    expect(() => c.withScope(() => c.captureException(new Error('scoped')))).not.toThrow();
    expect(() => c.captureException(new Error('after the hostile scope'), { tags: polluting as never, contexts: polluting as never, user: polluting as never })).not.toThrow();
    expect(() => c.captureException(new Error('hostile hint'), bad as never)).not.toThrow();
    expect(() => c.captureException(new Error('hostile hint parts'), { tags: bad as never, contexts: bad as never, level: bad as never, mechanism: bad as never, fingerprint: bad as never })).not.toThrow();
    await c.flush(5000);
    const s = expectAccounted(c);
    // The hostile breadcrumbs and scope must not make every later event unserialisable.
    const plain = rec.events.find((e) => e.exceptions[0]?.message === 'after the hostile scope');
    expect(plain, JSON.stringify(s)).toBeDefined();
    for (const e of rec.events) expect(utf8Bytes(JSON.stringify(e))).toBeLessThanOrEqual(ONE_MB);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('hostile hints', () => {
  it('an unknown level, a Proxy mechanism or odd tag values still deliver a readable event', async () => {
    const { client: c, rec } = client();
    c.captureException(new Error('odd level'), { level: 42 as never });
    c.captureException(new Error('odd tags'), { tags: { a: 1n as never, b: Symbol('s') as never, c: Object.create(null), d: throwingProxy() as never } });
    await c.flush(2000);
    expectAccounted(c);
    expect(rec.events.map((e) => [e.exceptions[0].message, e.level])).toEqual([['odd level', 'error'], ['odd tags', 'error']]);
    for (const e of rec.events) checkEvent(e);
  });

  it('one unreadable hint field costs that field, not the event', async () => {
    const { client: c, rec } = client();
    const throwingMechanism = Object.defineProperty({}, 'type', { get: () => { throw new Error('trap'); } });
    c.captureException(new Error('request without url'), { request: { method: 'GET' } as never });
    c.captureException(new Error('request with throwing headers'), { request: { method: 'GET', url: 'https://a.test/', headers: throwingProxy() as never } });
    c.captureException(new Error('throwing mechanism'), { mechanism: throwingMechanism as never });
    c.captureException(Object.assign(new Error('errors is a trap'), { errors: throwingProxy([]) }));
    await c.flush(2000);
    expectAccounted(c);
    expect(rec.events.map((e) => e.exceptions[0].message)).toEqual(['request without url', 'request with throwing headers', 'throwing mechanism', 'errors is a trap']);
    expect(rec.events[0].request).toMatchObject({ method: 'GET', url: '' });
    expect(rec.events[1].request).toBeUndefined();
    expect(rec.events[2].exceptions[0].mechanism).toEqual({ type: 'generic', handled: true });
    for (const e of rec.events) checkEvent(e);
  });

  it('captureMessage with an unknown level sends it as info (encoders index tables by level)', async () => {
    const { client: c, rec } = client();
    c.captureMessage('numeric level', 40 as never);
    c.captureMessage('near miss', 'warn' as never);
    c.captureMessage('fine', 'warning');
    await c.flush(2000);
    expectAccounted(c);
    expect(rec.events.map((e) => e.level)).toEqual(['info', 'info', 'warning']);
  });
});

describe('size limits: trim breadcrumbs, then contexts, then frames, and say so', () => {
  const crumb = (i: number) => ({ message: `crumb ${i} ` + 'b'.repeat(2000), data: Object.fromEntries(Array.from({ length: 40 }, (_, k) => [`k${k}`, 'd'.repeat(1000)])) });

  it('too many big breadcrumbs: breadcrumbs go first', async () => {
    const { client: c, rec } = client({ maxBreadcrumbs: 100 });
    for (let i = 0; i < 100; i++) c.addBreadcrumb(crumb(i));
    c.setContext('small', { a: 1 });
    c.captureException(new Error('crumbs'));
    await c.flush(5000);
    const e = rec.events[0];
    expect(e.trimmed).toEqual(['breadcrumbs']);
    expect(e.contexts.small).toEqual({ a: 1 });
    checkEvent(e);
  });

  it('huge contexts: breadcrumbs, then contexts', async () => {
    const { client: c, rec } = client();
    c.addBreadcrumb({ message: 'one' });
    for (let i = 0; i < 20; i++) c.setContext(`ctx${i}`, Object.fromEntries(Array.from({ length: 100 }, (_, k) => [`k${k}`, 'c'.repeat(4000)])));
    c.captureException(new Error('contexts'));
    await c.flush(5000);
    const e = rec.events[0];
    expect(e.trimmed).toEqual(['breadcrumbs', 'contexts']);
    expect(e.exceptions[0].frames.length).toBeGreaterThan(0);
    checkEvent(e);
  });

  it('huge frames: breadcrumbs, contexts, then frames (both ends of the stack kept)', async () => {
    const { client: c, rec } = client();
    c.addBreadcrumb({ message: 'one' });
    c.setContext('a', { b: 1 });
    // Stack lines are clipped to 2 KB when parsed, so it takes causes to make frames big: 8 × 100 × ~2 KB.
    let error: Error | undefined;
    for (let k = 0; k < 8; k++) error = Object.assign(new Error(`cause ${k}`, { cause: error }), { stack: hugeStack(100, (i) => `    at f${i} (/app/${'p'.repeat(1900)}${k}${i}.js:1:1)`).stack });
    c.captureException(error);
    await c.flush(5000);
    const e = rec.events[0];
    expect(e.trimmed?.slice(0, 3)).toEqual(['breadcrumbs', 'contexts', 'frames']);
    expect(e.exceptions[0].frames.length).toBeLessThanOrEqual(20);
    checkEvent(e);
  });

  it('multi-byte text is measured in bytes, not UTF-16 units', async () => {
    const { client: c, rec } = client();
    // 100 keys × 4096 CJK characters: ~400 K UTF-16 units but ~1.2 MB of UTF-8.
    c.setContext('cjk', Object.fromEntries(Array.from({ length: 100 }, (_, k) => [`k${k}`, '錯'.repeat(4096)])));
    c.captureException(new Error('wide'));
    await c.flush(5000);
    expect(utf8Bytes(JSON.stringify(rec.events[0]))).toBeLessThanOrEqual(MAX_EVENT_BYTES);
    expect(rec.events[0].trimmed).toContain('contexts');
  });

  it('what beforeSend adds is measured too: a toJSON that grows, a million tiny values', async () => {
    const grows = { toJSON: () => 'g'.repeat(2 * MB) };
    const tiny = Array.from({ length: 1_000_000 }, () => 1);
    const { client: c, rec } = client({
      beforeSend: (e) => {
        e.contexts.extra = e.exceptions[0].message === 'toJSON' ? { grows } : { tiny };
        return e;
      },
    });
    c.captureException(new Error('toJSON'));
    c.captureException(new Error('tiny'));
    await c.flush(5000);
    expect(rec.events).toHaveLength(2);
    for (const e of rec.events) {
      expect(e.trimmed).toContain('contexts');
      checkEvent(e);
    }
  });

  it('10,000 tags and 10,000 headers still fit', async () => {
    const { client: c, rec } = client();
    for (let i = 0; i < 10_000; i++) c.setTag(`t${i}`, 'v'.repeat(200));
    const headers = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`x-h${i}`, 'h'.repeat(200)]));
    c.captureException(new Error('tags'), { request: { method: 'GET', url: 'http://app.test/' + 'u'.repeat(MB), headers } });
    await c.flush(5000);
    checkEvent(rec.events[0]);
    // Bounded before the size limit: 100 of each and a count of the rest, the URL cut at 16 KB.
    expect(Object.keys(rec.events[0].tags)).toHaveLength(101);
    expect(rec.events[0].tags['…']).toBe('9900 more keys');
    expect(rec.events[0].request?.headers?.['…']).toBe('9900 more keys');
    expect(rec.events[0].request!.url.length).toBeLessThanOrEqual(16 * 1024);
  });
});

// ─── Properties ───────────────────────────────────────────────────────────────

const getterKind = fc.constantFrom('string', 'number', 'throw', 'symbol', 'object', 'undefined', 'proxy', 'huge', 'surrogate');
const getterOf = (kind: string): (() => unknown) => {
  switch (kind) {
    case 'string': return () => 'msg';
    case 'number': return () => 7;
    case 'throw': return boom;
    case 'symbol': return () => Symbol('s');
    case 'object': return () => ({ o: 1 });
    case 'undefined': return () => undefined;
    case 'proxy': return () => throwingProxy();
    case 'huge': return () => 'h'.repeat(200_000);
    default: return () => '\uD800\uDFFF\uDC00';
  }
};

const hostileError = fc
  .record({ message: getterKind, name: getterKind, stack: getterKind, wrap: fc.constantFrom('none', 'freeze', 'proxy', 'cause', 'cycle') })
  // A thunk: fast-check itself inspects generated values, and a throwing Proxy would break it, not us.
  .map(({ message, name, stack, wrap }) => () => {
    const e = withGetters({ message: getterOf(message), name: getterOf(name), stack: getterOf(stack) });
    switch (wrap) {
      case 'freeze': return Object.freeze(e);
      case 'proxy': return throwingProxy(e);
      case 'cause': return new Error('outer', { cause: e });
      case 'cycle': return Object.assign(e, { cause: new Error('inner', { cause: e }) });
      default: return e;
    }
  });

const anything = fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withNullPrototype: true, withSparseArray: true, withBoxedValues: true, withObjectString: true });
const nastyKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', ''), fc.string());
const nastyRecord = fc.dictionary(nastyKey, anything, { maxKeys: 8 }).map((o) => ({ ...o, ...polluting }));

const thrown = fc.oneof(
  anything.map((v) => () => v),
  hostileError,
  fc.string({ unit: 'binary' }).map((m) => () => new Error(m)),
  fc.string({ unit: 'grapheme' }).map((m) => () => m),
);

describe('properties', () => {
  it('any thrown value with any hostile scope: no exception, id or undefined, accounted, serialisable under 1 MB, no pollution', async () => {
    const snapshot = prototypeSnapshot();
    await fc.assert(
      fc.asyncProperty(
        fc.array(thrown, { minLength: 1, maxLength: 4 }),
        nastyRecord,
        nastyRecord,
        fc.array(fc.record({ message: fc.oneof(fc.string(), anything), category: anything, data: nastyRecord }, { requiredKeys: [] }), { maxLength: 3 }),
        async (values, tags, context, crumbs) => {
          const { client: c, rec } = client();
          for (const crumb of crumbs) c.addBreadcrumb(crumb as never);
          c.setContext('hostile', context);
          for (const [k, v] of Object.entries(tags)) c.setTag(k, v as string);
          const thrownText = new Set<unknown>();
          for (const v of values) {
            const value = v();
            if (typeof value === 'string') thrownText.add(value);
            const id = c.captureException(value, { tags: tags as never, contexts: { more: context } });
            expect(id === undefined || /^[0-9a-f]{32}$/.test(id)).toBe(true);
          }
          expect(await c.flush(5000)).toBe(true);
          const s = expectAccounted(c);
          expect(s.delivered).toBe(values.length);
          for (const e of rec.events) checkEvent(e, thrownText);
          expect(prototypeSnapshot()).toBe(snapshot);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('any string message (lone surrogates included) comes out well-formed JSON', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 200 }), async (text) => {
        const { client: c, rec } = client();
        c.captureException(new Error(text));
        c.captureMessage(text);
        await c.flush(2000);
        for (const e of rec.events) {
          const json = JSON.stringify(e);
          // Well-formed JSON.stringify escapes lone surrogates, so the wire is valid UTF-8.
          expect(Buffer.from(json, 'utf8').toString('utf8')).toBe(json);
        }
      }),
      { numRuns: 100 },
    );
  });
});
