import { afterEach, describe, expect, it } from 'vitest';
import type { Event } from '@bugmastery/core';
import { breadcrumbs, init, wrapCallbacks, type BrowserClient } from '../src';
import { quiet, recordingTransport } from './recording';

/**
 * What a real page does to the SDK's patches and storage: odd fetch inputs, wrappers below ours,
 * hostile console arguments, forms whose inputs shadow element properties, a second init(),
 * garbage in the queue key. The page must behave as if the SDK were not there.
 */

let client: BrowserClient | undefined;
const nativeFetch = window.fetch;
afterEach(async () => {
  await client?.close(1000);
  client = undefined;
  window.fetch = nativeFetch;
  localStorage.clear();
  document.body.innerHTML = '';
});

const start = (extra: Parameters<typeof init>[0] = {}) => {
  const rec = recordingTransport();
  client = init({ transports: [rec], logger: quiet, batch: { maxDelayMs: 1 }, integrations: [breadcrumbs()], ...extra });
  return { rec, client };
};

const crumbsOf = async (c: BrowserClient, rec: ReturnType<typeof recordingTransport>, category: string) => {
  c.captureException(new Error(`crumbs ${category}`));
  await c.flush();
  return rec.events[rec.events.length - 1].breadcrumbs.filter((b) => b.category === category);
};

describe('fetch as the page calls it', () => {
  it('odd inputs reach the fetch below untouched and never throw synchronously; a Request gives its own method', async () => {
    const seen: unknown[] = [];
    window.fetch = ((input: unknown) => {
      seen.push(input);
      return Promise.resolve(new Response('ok', { status: 201 }));
    }) as typeof fetch;
    const { rec, client } = start();
    const unprintable = { toString: () => { throw new Error('no string for you'); } };
    const calls: unknown[] = [
      () => fetch(null as never),
      () => fetch('/a', { method: 123 as never }),
      () => fetch(unprintable as never),
      () => fetch('/b', Object.defineProperty({}, 'method', { get: () => { throw new Error('getter'); } })),
      () => fetch(new Request('http://localhost/r', { method: 'PUT' })),
    ];
    for (const call of calls) await expect((call as () => Promise<Response>)()).resolves.toBeInstanceOf(Response);
    expect(seen).toHaveLength(5);
    const crumbs = await crumbsOf(client, rec, 'fetch');
    expect(crumbs.map((b) => [b.data?.method, b.data?.url])).toEqual([
      ['GET', 'null'],
      ['123', '/a'],
      ['PUT', 'http://localhost/r'],
    ]);
  });

  it('a fetch below ours that resolves to something other than a Response: the page gets exactly that', async () => {
    window.fetch = (() => Promise.resolve(undefined)) as unknown as typeof fetch;
    const { rec, client } = start();
    await expect(fetch('/mocked')).resolves.toBeUndefined();
    window.fetch = window.fetch; // (still ours)
    const crumbs = await crumbsOf(client, rec, 'fetch');
    expect(crumbs.map((b) => b.data?.status_code)).toEqual([0]);
  });
});

describe('console as the page calls it', () => {
  it('hostile arguments never make console.log throw, and still leave a readable breadcrumb', async () => {
    // The console below ours prints nothing here: the test runner's own would choke on some of these.
    const runnerLog = console.log;
    console.log = () => undefined;
    const { rec, client } = start();
    const cyclic: Record<string, unknown> = { toString: () => { throw new Error('x'); } };
    cyclic.self = cyclic;
    const bare = Object.create(null) as Record<string, unknown>;
    bare.self = bare;
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const badError = Object.defineProperty(new Error('m'), 'message', { get: () => { throw new Error('getter'); } });
    const huge = Array.from({ length: 300_000 }, (_, i) => i);
    for (const arg of [cyclic, bare, proxy, badError, huge]) expect(() => console.log('value:', arg)).not.toThrow();
    const crumbs = await crumbsOf(client, rec, 'console');
    expect(crumbs).toHaveLength(5);
    expect(crumbs[0].message).toContain('[Circular]');
    expect(crumbs[4].message!.length).toBeLessThanOrEqual(310); // the huge array is summarised, not stringified whole
    await client.close();
    console.log = runnerLog;
  });
});

describe('clicks on elements whose properties are shadowed', () => {
  it('a form with inputs named tagName, id and getAttribute still gives a path, and the listener never throws', async () => {
    const { rec, client } = start();
    document.body.innerHTML = '<form class="signup"><input name="tagName"><input name="id"><input name="getAttribute"><button name="go">Go</button></form>';
    const button = document.querySelector('button')!;
    expect(() => button.click()).not.toThrow();
    const crumbs = await crumbsOf(client, rec, 'ui.click');
    expect(crumbs.map((b) => b.message)).toEqual(['body > form.signup > button[name="go"]']);
    expect(client.stats().captured).toBe(1); // only ours: the SDK did not capture an error of its own
  });
});

describe('init() called twice', () => {
  it('the second client replaces the first: errors are reported once, and closing leaves the page as it was', async () => {
    const before = { fetch: window.fetch, log: console.log, push: history.pushState, open: XMLHttpRequest.prototype.open };
    const first = recordingTransport('first');
    const c1 = init({ transports: [first], logger: quiet, batch: { maxDelayMs: 1 } });
    const { rec, client } = start();
    window.dispatchEvent(new ErrorEvent('error', { error: new TypeError('once'), message: 'Uncaught TypeError: once' }));
    await client.flush();
    await c1.flush();
    expect(rec.events.map((e) => e.exceptions[0].message)).toEqual(['once']);
    expect(first.events).toEqual([]);
    await c1.close();
    await client.close();
    expect({ fetch: window.fetch, log: console.log, push: history.pushState, open: XMLHttpRequest.prototype.open }).toEqual(before);
  });
});

describe('the localStorage queue holds what someone else wrote', () => {
  it('malformed items are left out (and counted), well-formed ones replayed; init never throws', async () => {
    const kept = { id: 'c'.repeat(32), fingerprint: 'f'.repeat(16), exceptions: [], breadcrumbs: [], contexts: {}, tags: {} } as unknown as Event;
    localStorage.setItem('bugmastery:queue', JSON.stringify({ items: [null, 5, { t: 'rec' }, { t: 'rec', e: kept }], dropped: 0 }));
    const { rec, client } = start();
    await client.flush();
    expect(rec.events.map((e) => e.id)).toEqual([kept.id]);
    expect(client.offlineQueue()).toEqual({ queued: 0, dropped: 3 });
  });
});

describe('wrapCallbacks and thrown primitives', () => {
  it('a string or null thrown through a wrapped listener is captured once, not again by the window error listener', async () => {
    const { rec, client } = start({ integrations: [] });
    const unwrap = wrapCallbacks({ eventTarget: true }, client);
    try {
      for (const value of ['a plain string', null]) {
        const target = new EventTarget();
        target.addEventListener('ping', () => {
          throw value;
        });
        try {
          target.dispatchEvent(new Event('ping'));
        } catch {
          /* happy-dom rethrows from dispatchEvent */
        }
        // What the browser does next with the rethrown value, before any microtask.
        window.dispatchEvent(new ErrorEvent('error', { error: value, message: `Uncaught ${String(value)}` }));
      }
    } finally {
      unwrap();
    }
    await client.flush();
    expect(client.stats().captured).toBe(2);
    expect(rec.events.map((e) => e.exceptions[0].mechanism.type)).toEqual(['addEventListener', 'addEventListener']);
  });
});
