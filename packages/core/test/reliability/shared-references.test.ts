import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createClient, type Event } from '../../src';
import { DEFAULT_VALUE_BUDGET, EVENT_VALUE_BUDGET, normalize } from '../../src/internal';
import { expectAccounted, memoryLogger, recorder } from './harness';

/**
 * No object can blow up an event: normalisation walks each object once and spends a bounded
 * budget of values, so what a capture costs does not depend on how the app's objects are shaped.
 * Cost is measured here by counting property reads (deterministic); the time and memory bounds
 * of the same shapes are asserted by benchmarks/hostile.
 */

/** Values in plain output, containers included. */
function countValues(v: unknown): number {
  if (v === null || typeof v !== 'object') return 1;
  let n = 1;
  for (const x of Object.values(v)) n += countValues(x);
  return n;
}

/** An object graph whose every property read is counted. */
function counted(): { reads: number; node(keys: Record<string, () => unknown>): object } {
  const state = {
    reads: 0,
    node(keys: Record<string, () => unknown>): object {
      const o = {};
      for (const [k, get] of Object.entries(keys)) {
        Object.defineProperty(o, k, {
          enumerable: true,
          get: () => {
            state.reads++;
            return get();
          },
        });
      }
      return o;
    },
  };
  return state;
}

/** js-yaml's `load` builds aliases (`*a`) as one shared object: `levels` levels of `width` references each. */
function laughs(levels: number, width: number): unknown {
  let node: unknown = ['lol'];
  for (let i = 0; i < levels; i++) node = Array.from({ length: width }, () => node);
  return node;
}

/** The shape: `levels` levels of objects with `width` properties, all pointing at the next level's one object. */
function sharedLevels(levels: number, width: number): Record<string, unknown> {
  let node: Record<string, unknown> = { leaf: 'x' };
  for (let i = 0; i < levels; i++) {
    const next: Record<string, unknown> = {};
    for (let k = 0; k < width; k++) next[`p${k}`] = node;
    node = next;
  }
  return node;
}

describe('normalize: each object once, a bounded budget of values', () => {
  it('a second reference to an object is a marker, as a cycle is', () => {
    const shared = { a: 1 };
    const cyclic: Record<string, unknown> = { name: 'c' };
    cyclic.self = cyclic;
    expect(normalize({ x: shared, y: shared, z: [shared], c: cyclic })).toEqual({
      x: { a: 1 },
      y: '[Repeated]',
      z: ['[Repeated]'],
      c: { name: 'c', self: '[Circular]' },
    });
  });

  it('shared references (6 levels × 40, the issue case) are walked once: property reads ≤ the edges of the graph', () => {
    const c = counted();
    let node: object = c.node({ leaf: () => 'x' });
    for (let i = 0; i < 6; i++) {
      const next = node;
      node = c.node(Object.fromEntries(Array.from({ length: 40 }, (_, k) => [`p${k}`, () => next])));
    }
    const out = normalize(node, { depth: 10, breadth: 100, stringLength: 100 });
    expect(c.reads).toBeLessThanOrEqual(6 * 40 + 1);
    expect(countValues(out)).toBeLessThanOrEqual(6 * 40 + 1 + 6);
  });

  it('a Proxy that makes a fresh object on every read stops at the budget', () => {
    let reads = 0;
    const handler: ProxyHandler<object> = {
      ownKeys: () => Array.from({ length: 100 }, (_, i) => `k${i}`),
      getOwnPropertyDescriptor: () => ({ enumerable: true, configurable: true }),
      get: () => {
        if (++reads > 1_000_000) throw new Error('walked too far');
        return new Proxy({}, handler);
      },
    };
    const out = normalize(new Proxy({}, handler));
    // One read per value, and one more (Symbol.toStringTag) per object cut at the depth limit.
    expect(reads).toBeLessThanOrEqual(2 * DEFAULT_VALUE_BUDGET);
    expect(countValues(out)).toBeLessThanOrEqual(DEFAULT_VALUE_BUDGET + 200);
    expect(JSON.stringify(out)).toContain('more keys');
  });

  it('many calls share one budget when given one', () => {
    const budget = { left: 50 };
    const wide = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, i]));
    const first = normalize(wide, undefined, undefined, budget) as Record<string, unknown>;
    const second = normalize(wide, undefined, undefined, budget) as Record<string, unknown>;
    expect(Object.keys(first)).toHaveLength(40);
    expect(budget.left).toBe(0);
    expect(second['…']).toMatch(/more keys/);
    expect(normalize(wide, undefined, undefined, budget)).toBe('[Truncated]');
  });

  it('a walk inside a walk (a scrubber or a getter that normalises) leaves the outer walk as it was', () => {
    const plainScrub = { isSecretKey: (k: string) => k === 'password', text: (t: string) => t };
    const inner = { a: { b: { c: 'inner text' } }, d: [1, 2, 3] };
    const nested = { ...plainScrub, text: (t: string) => (normalize(inner, { depth: 1, breadth: 1, stringLength: 3 }, plainScrub, { left: 2 }), t) };
    const shared = { x: 1 };
    const value = {
      text: 'a string longer than three',
      list: [shared, shared, { deep: { deeper: { deepest: 'yes' } } }],
      password: 'hunter2',
      get viaGetter() {
        return normalize(inner, { depth: 0, breadth: 0, stringLength: 0 });
      },
      tail: Array.from({ length: 20 }, (_, i) => `item ${i}`),
    };
    const plainBudget = { left: 1000 };
    const expected = normalize(value, undefined, plainScrub, plainBudget);
    const budget = { left: 1000 };
    expect(normalize(value, undefined, nested, budget)).toEqual(expected);
    expect(budget.left).toBe(plainBudget.left);
    expect(expected).toMatchObject({ text: 'a string longer than three', list: [{ x: 1 }, '[Repeated]', { deep: { deeper: { deepest: 'yes' } } }], password: '[Filtered]' });
  });

  it('property: any DAG (shared references, cycles added) costs at most one read per edge, and never more values than the budget', () => {
    const dag = fc.record({
      nodes: fc.integer({ min: 1, max: 40 }),
      // Edges point to later nodes (a DAG) and, with `back`, to earlier ones (cycles).
      edges: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), { maxLength: 400 }),
      budget: fc.integer({ min: 1, max: 500 }),
    });
    fc.assert(
      fc.property(dag, ({ nodes, edges, budget }) => {
        const c = counted();
        const children: (() => unknown)[][] = Array.from({ length: nodes }, () => []);
        const objects: object[] = [];
        for (const [a, b, back] of edges) {
          const from = a % nodes;
          const to = back ? b % nodes : from + 1 + (b % Math.max(1, nodes - from - 1));
          if (to >= nodes) continue;
          children[from].push(() => objects[to]);
        }
        for (let i = 0; i < nodes; i++) objects.push(c.node(Object.fromEntries(children[i].map((get, k) => [`e${k}`, get]))));
        const edgeCount = children.reduce((n, list) => n + list.length, 0);
        const shared = { left: budget };
        const out = normalize(objects[0], { depth: 50, breadth: 1000, stringLength: 100 }, undefined, shared);
        expect(c.reads).toBeLessThanOrEqual(edgeCount);
        expect(c.reads).toBeLessThanOrEqual(budget);
        expect(shared.left).toBeGreaterThanOrEqual(0);
        // Objects written out whole: each graph node at most once.
        const text = JSON.stringify(out);
        expect(countValues(out)).toBeLessThanOrEqual(budget + nodes + 1);
        expect(() => JSON.parse(text)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});

describe('captures with shared-reference structures stay small and delivered', () => {
  const capture = async (build: () => unknown): Promise<Event> => {
    const rec = recorder();
    const client = createClient({ transports: [rec], logger: memoryLogger(), dedupeWindowMs: 0 });
    const value = build();
    client.setContext('config', { doc: value });
    client.captureException(Object.assign(new Error('yaml'), { config: value }));
    client.captureException(value);
    expect(await client.flush(5000)).toBe(true);
    const s = expectAccounted(client);
    expect(s.delivered).toBe(2);
    for (const e of rec.events) expect(JSON.stringify(e).length).toBeLessThan(1_000_000);
    return rec.events[0];
  };

  it('a YAML "billion laughs" (aliases of aliases, 10 wide × 9 deep: 10⁹ leaves unfolded)', async () => {
    const event = await capture(() => laughs(9, 10));
    expect(JSON.stringify(event.contexts.error_data)).toContain('[Repeated]');
  });

  it('100 wide × 6 levels of shared references (the issue\'s heap-exhausting case)', async () => {
    await capture(() => sharedLevels(6, 100));
  });

  it('one event spends at most EVENT_VALUE_BUDGET values on app data, however many parts hold it', async () => {
    const rec = recorder();
    const client = createClient({ transports: [rec], logger: memoryLogger(), dedupeWindowMs: 0 });
    // Distinct objects (no sharing to save the walk): 5 × 100 × 100 values in each part.
    const fresh = () => Array.from({ length: 100 }, (_, i) => Object.fromEntries(Array.from({ length: 100 }, (_, k) => [`k${k}`, `${i}.${k}`])));
    for (let i = 0; i < 5; i++) client.setContext(`c${i}`, { rows: fresh() });
    client.addBreadcrumb({ message: 'crumb', data: { rows: fresh() } });
    client.captureException(Object.assign(new Error('wide'), { rows: fresh().slice(0, 20) }), { user: { id: '1' } });
    expect(await client.flush(5000)).toBe(true);
    const e = rec.events[0];
    const values = countValues(e.contexts) + countValues(e.user) + countValues(e.breadcrumbs.map((b) => b.data));
    expect(values).toBeLessThanOrEqual(EVENT_VALUE_BUDGET + 2_000);
    expect(e.user?.id).toBe('1'); // drawn first
    expect(JSON.stringify(e.contexts.error_data)).toContain('k99'); // right after the request
  });
});

describe('flat records and keys are bounded too (found by the acceptance review)', () => {
  /** `n` keys, each read counted. */
  function wide(n: number, value: (i: number) => unknown = (i) => `v${i}`): { record: Record<string, unknown>; reads: () => number } {
    let reads = 0;
    const record: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) Object.defineProperty(record, `k${i}`, { enumerable: true, get: () => (reads++, value(i)) });
    return { record, reads: () => reads };
  }

  it('tags and headers (the scope\'s, or a hint\'s) with 100,000 entries cost what 100 do: read once each at most, listed as "N more keys"', async () => {
    const rec = recorder();
    const c = createClient({ transports: [rec], logger: memoryLogger(), dedupeWindowMs: 0 });
    const tags = wide(100_000);
    const headers = wide(100_000);
    const contexts = wide(100_000, () => ({ a: 1 }));
    c.captureException(new Error('wide hint'), { tags: tags.record as Record<string, string>, contexts: contexts.record as never, request: { url: 'https://app.test/', headers: headers.record as Record<string, string> } });
    expect(await c.flush(5000)).toBe(true);
    for (const part of [tags, headers, contexts]) expect(part.reads()).toBeLessThanOrEqual(100);
    const [event] = rec.events;
    expect(Object.keys(event.tags).length).toBeLessThanOrEqual(101);
    expect(event.request?.headers?.['…']).toBe('99900 more keys');
    // The scope's own tags: the same bound when the event is built.
    for (let i = 0; i < 100_000; i++) c.setTag(`t${i}`, 'v');
    c.captureMessage('many scope tags', 'error');
    expect(await c.flush(5000)).toBe(true);
    expect(Object.keys(rec.events[1].tags)).toHaveLength(101);
    expect(rec.events[1].tags['…']).toBe('99900 more keys');
  });

  it('a list of shared lists (YAML aliases) given where text is expected — tag, tag name, header, breadcrumb, request URL and method, mechanism, fingerprint, error name and message, captureMessage — is not unfolded: String() read a million items', async () => {
    let reads = 0;
    let level: unknown[] = ['lol'];
    for (let depth = 0; depth < 6; depth++) {
      const below = level;
      const next: unknown[] = [];
      for (let i = 0; i < 10; i++) Object.defineProperty(next, i, { enumerable: true, get: () => (reads++, below) });
      level = next;
    }
    const rec = recorder();
    const c = createClient({ transports: [rec], logger: memoryLogger(), dedupeWindowMs: 0 });
    const doc = level as unknown as string;
    c.setTag('doc', doc);
    c.setTag(doc, 'as a name');
    c.addBreadcrumb({ message: doc, category: doc, type: doc });
    c.captureException(new Error('aliases'), { tags: { hinted: doc }, request: { url: doc, method: doc, headers: { 'x-doc': doc } }, mechanism: doc, fingerprint: [doc, 'x'] });
    c.captureException({ name: doc, message: doc });
    c.captureMessage(doc, 'error');
    expect(await c.flush(5000)).toBe(true);
    expect(rec.events).toHaveLength(3);
    // 13 uses, each reading the list's first level (10 items) once or twice (before: 11 million reads).
    expect(reads).toBeLessThanOrEqual(2 * 13 * 10);
    expect(rec.events[0].tags.doc.length).toBeLessThanOrEqual(1024);
  });

  it('a megabyte-long key, request URL, query string or mechanism type is cut before it is scrubbed (a key and a mechanism to 200 characters, a URL and a query to 16 KB, never inside a percent-escape)', async () => {
    const rec = recorder();
    const c = createClient({ transports: [rec], logger: memoryLogger(), dedupeWindowMs: 0 });
    const key = 'k'.repeat(1024 * 1024);
    c.setContext('long', { [key]: 1 });
    const url = 'https://app.test/?next=' + '%2F'.repeat(16 * 1024 / 3 + 100);
    c.captureException(new Error('long'), { request: { url, query: 'token=1&' + 'a=b&'.repeat(1024 * 1024) }, mechanism: 'x'.repeat(1024 * 1024) });
    expect(await c.flush(5000)).toBe(true);
    const [event] = rec.events;
    expect((event.request!.query as string).length).toBeLessThan(16 * 1024 + 100);
    expect(event.request!.query).toMatch(/^token=%5BFiltered%5D&/);
    expect(event.exceptions[0].mechanism.type).toHaveLength(200);
    expect(JSON.stringify(event).length).toBeLessThan(1024 * 1024);
    expect(Object.keys(event.contexts.long as object)[0]).toHaveLength(200);
    expect(event.request!.url.length).toBeLessThanOrEqual(16 * 1024);
    expect(event.request!.url).toMatch(/(%2F)+$/);
  });
});
