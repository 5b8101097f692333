import { afterEach, describe, expect, it } from 'vitest';
import type { Event, Stats } from '@bugmastery/core';
import { httpTransport, init, type BrowserClient } from '../../src';

const quiet = { warn: () => undefined, error: () => undefined };
const original = Object.getOwnPropertyDescriptor(globalThis, 'localStorage');

let client: BrowserClient | undefined;
afterEach(async () => {
  await client?.close(1000);
  client = undefined;
  if (original) Object.defineProperty(globalThis, 'localStorage', original);
  try {
    localStorage.clear();
  } catch {
    /* restored above */
  }
});

const quota = () => {
  throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
};
const denied = () => {
  throw new DOMException('The operation is insecure.', 'SecurityError');
};

function fakeStorage(parts: Partial<Storage>): Storage {
  return { length: 0, clear: () => undefined, key: () => null, getItem: () => null, setItem: () => undefined, removeItem: () => undefined, ...parts } as Storage;
}

/** Ways a page's localStorage fails in the wild. */
const storages: [string, () => void][] = [
  ['disabled (reading window.localStorage throws)', () => Object.defineProperty(globalThis, 'localStorage', { get: denied, configurable: true })],
  ['full (setItem throws QuotaExceededError)', () => Object.defineProperty(globalThis, 'localStorage', { value: fakeStorage({ setItem: quota }), configurable: true })],
  ['every method throws', () => Object.defineProperty(globalThis, 'localStorage', { value: fakeStorage({ getItem: denied, setItem: quota, removeItem: denied, clear: denied }), configurable: true })],
  ['holds garbage under our key', () => localStorage.setItem('bugmastery:queue', '{"items":[{"t":{"__proto__":1},"e":null},7,"x"],"dropped":"NaN"}')],
  ['holds a foreign non-JSON value', () => localStorage.setItem('bugmastery:queue', '\uD800not json at all')],
  ['setItem silently loses data (private mode quirks)', () => Object.defineProperty(globalThis, 'localStorage', { value: fakeStorage({}), configurable: true })],
];

function accounted(stats: Stats): void {
  const dropped = Object.values(stats.dropped).reduce((a, b) => a + b, 0);
  expect(stats.pending).toBe(0);
  expect(stats.captured).toBe(stats.delivered + stats.persisted + dropped);
}

describe('localStorage full, disabled or broken: capture keeps working in memory', () => {
  it.each(storages)('%s', async (_name, breakIt) => {
    breakIt();
    const kept: Event[] = [];
    const offline = httpTransport({ url: 'http://127.0.0.1:9/never', name: 'offline', fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
    const memory = { name: 'memory', write: (events: Event[]) => void kept.push(...events) };
    expect(() => {
      client = init({ transports: [offline, memory], logger: quiet, dedupeWindowMs: 0, batch: { maxDelayMs: 1 }, delivery: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 2, timeoutMs: 200 } });
    }).not.toThrow();
    const c = client!;
    expect(() => {
      for (let i = 0; i < 3; i++) c.captureException(new Error(`storage broken ${i}`));
    }).not.toThrow();
    expect(await c.flush(3000)).toBe(true);
    const s = c.stats();
    accounted(s);
    expect(kept.map((e) => e.exceptions[0].message)).toEqual(['storage broken 0', 'storage broken 1', 'storage broken 2']);
    expect(s.transports.offline.sent).toBe(0);
    expect(() => c.offlineQueue()).not.toThrow();
    // The page's own code keeps running: the global handlers still capture.
    window.dispatchEvent(new ErrorEvent('error', { error: new Error('after storage failure'), message: 'Uncaught Error: after storage failure' }));
    await c.flush(3000);
    expect(kept.some((e) => e.exceptions[0].message === 'after storage failure')).toBe(true);
    accounted(c.stats());
  });

  it('when storage cannot keep them, undelivered events are counted as transportFailed, never lost silently', async () => {
    Object.defineProperty(globalThis, 'localStorage', { value: fakeStorage({ setItem: quota }), configurable: true });
    const offline = httpTransport({ url: 'http://127.0.0.1:9/never', name: 'offline', fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
    client = init({ transports: [offline], logger: quiet, dedupeWindowMs: 0, batch: { maxDelayMs: 1 }, delivery: { maxRetries: 0, timeoutMs: 200 } });
    client.captureException(new Error('a'));
    client.captureException(new Error('b'));
    expect(await client.flush(3000)).toBe(true);
    const s = client.stats();
    accounted(s);
    expect(s.persisted).toBe(0);
    expect(s.dropped.transportFailed).toBe(2);
  });
});
