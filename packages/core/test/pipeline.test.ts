import { describe, expect, it } from 'vitest';
import { createClient, type Client, type Event, type Stats } from '../src';
import { expectAccounted, quiet, recordingTransport } from './support';

async function settled(client: Client): Promise<Stats> {
  expect(await client.flush(3000)).toBe(true);
  return expectAccounted(client);
}
function throwFrom(label: string): Error {
  const sites: Record<string, () => never> = {
    a: function siteA() {
      throw new Error('site a');
    },
    b: function siteB() {
      throw new Error('site b');
    },
  };
  try {
    sites[label]();
  } catch (e) {
    return e as Error;
  }
  throw new Error('unreachable');
}

describe('decisions, in order, each counted', () => {
  it('sampleRate 0 drops everything as sampled, 1 keeps everything', async () => {
    const none = createClient({ transports: [recordingTransport()], sampleRate: 0, logger: quiet });
    expect(none.captureException(new Error('x'))).toBeUndefined();
    expect((await settled(none)).dropped.sampled).toBe(1);
    const all = createClient({ transports: [recordingTransport()], sampleRate: 1, logger: quiet });
    expect(all.captureException(new Error('x'))).toMatch(/^[0-9a-f]{32}$/);
  });

  it('ignoreErrors matches "Type: message" with strings and RegExps', async () => {
    const rec = recordingTransport();
    const client = createClient({ transports: [rec], ignoreErrors: ['ResizeObserver loop', /^AbortError:/], dedupeWindowMs: 0, logger: quiet });
    client.captureException(new Error('ResizeObserver loop limit exceeded'));
    const abort = new Error('aborted');
    abort.name = 'AbortError';
    client.captureException(abort);
    client.captureException(new Error('real bug'));
    const s = await settled(client);
    expect(s.dropped.ignored).toBe(2);
    expect(rec.events.map((e) => e.exceptions[0].message)).toEqual(['real bug']);
  });

  it('beforeSend may edit, drop (null) or resolve asynchronously', async () => {
    const rec = recordingTransport();
    const client = createClient({
      transports: [rec],
      dedupeWindowMs: 0,
      logger: quiet,
      beforeSend: async (event, hint) => {
        await Promise.resolve();
        if (String((hint.originalException as Error).message).includes('drop')) return null;
        event.tags.checked = 'yes';
        return event;
      },
    });
    client.captureException(new Error('keep'));
    client.captureException(new Error('drop me'));
    const s = await settled(client);
    expect(s.dropped.beforeSend).toBe(1);
    expect(rec.events).toHaveLength(1);
    expect(rec.events[0].tags.checked).toBe('yes');
  });

  it('the fingerprint option overrides grouping', async () => {
    const rec = recordingTransport();
    const client = createClient({ transports: [rec], dedupeWindowMs: 0, logger: quiet, fingerprint: (e) => ['db', e.exceptions[0]?.type ?? ''] });
    client.captureException(throwFrom('a'));
    client.captureException(throwFrom('b'));
    await settled(client);
    expect(rec.events[0].fingerprint).toBe(rec.events[1].fingerprint);
  });

  it('dedupes a fingerprint inside the window, but lets snooze milestones through', async () => {
    const rec = recordingTransport();
    const client = createClient({ transports: [rec], dedupeWindowMs: 60_000, rateLimit: {}, logger: quiet });
    for (let i = 0; i < 150; i++) client.captureException(throwFrom('a'));
    client.captureException(throwFrom('b'));
    const s = await settled(client);
    // a: occurrence 1 (new), 10 and 100 (milestones); b: its first.
    expect(rec.events.map((e) => e.occurrences)).toEqual([1, 10, 100, 1]);
    expect(s.dropped.deduped).toBe(147);
  });

  it('a bug that keeps happening keeps its occurrence count while 10,000 other fingerprints come and go', async () => {
    const rec = recordingTransport();
    const client = createClient({ transports: [rec], dedupeWindowMs: 60_000, rateLimit: {}, logger: quiet, batch: { maxQueue: 100_000 } });
    for (let i = 0; i < 12_000; i++) {
      client.captureException(new Error(`one-off ${i}`), { fingerprint: `other ${i}` });
      if (i % 1000 === 999) client.captureException(throwFrom('a'));
    }
    await settled(client);
    const hot = rec.events.filter((e) => e.exceptions[0].message === 'site a');
    // Counted 1…12 across the churn: only its first occurrence and the 10th are milestones.
    expect(hot.map((e) => e.occurrences)).toEqual([1, 10]);
    expect(client.occurrences(hot[0].fingerprint)).toBe(12);
  });

  it('rate-limits per fingerprint and globally with token buckets', async () => {
    const rec = recordingTransport();
    const client = createClient({
      transports: [rec],
      dedupeWindowMs: 0,
      notifyAt: [1],
      rateLimit: { perFingerprint: { max: 3, intervalMs: 60_000 }, global: { max: 5, intervalMs: 60_000 } },
      logger: quiet,
    });
    for (let i = 0; i < 8; i++) client.captureException(throwFrom('a'));
    for (let i = 0; i < 8; i++) client.captureException(throwFrom('b'));
    const s = await settled(client);
    expect(rec.events).toHaveLength(5); // a: 3 (per fingerprint), b: 2 (global runs out)
    expect(s.dropped.rateLimited).toBe(11);
  });

  it('bounds what is pending with maxQueue (queueFull)', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = { name: 'slow', write: () => gate };
    const client = createClient({ transports: [slow], batch: { maxEvents: 1, maxQueue: 5 }, dedupeWindowMs: 0, rateLimit: {}, logger: quiet });
    // The decision is synchronous: 5 are pending and 15 refused before captureException returns.
    for (let i = 0; i < 20; i++) client.captureException(new Error(`e${i}`));
    expect(client.stats().dropped.queueFull).toBe(15);
    release();
    const s = await settled(client);
    expect(s.dropped.queueFull).toBe(15);
    expect(s.delivered).toBe(5);
  });

  it('picks transports per environment; a missing environment warns and counts noTransport', async () => {
    const prod = recordingTransport('prod');
    const dev = recordingTransport('dev');
    const warnings: string[] = [];
    const logger = { warn: (m: string) => warnings.push(m), error: () => undefined };
    const client = createClient({ environment: 'development', transports: { production: [prod], development: [dev] }, logger });
    client.captureException(new Error('x'));
    await settled(client);
    expect(dev.events).toHaveLength(1);
    expect(prod.events).toHaveLength(0);

    const none = createClient({ environment: 'qa', transports: { production: [prod] }, logger });
    expect(warnings.join('\n')).toMatch(/no transports configured for environment "qa"/);
    none.captureException(new Error('x'));
    expect((await settled(none)).dropped.noTransport).toBe(1);
  });

  it('a per-environment entry may be a function: only the active environment\'s is called', async () => {
    const dev = recordingTransport('dev');
    const client = createClient({
      environment: 'development',
      transports: {
        production: () => {
          throw new TypeError('SENTRY_DSN is not set'); // what a production factory does on a laptop
        },
        development: () => [dev],
      },
      logger: quiet,
    });
    client.captureException(new Error('x'));
    await settled(client);
    expect(dev.events).toHaveLength(1);
    expect(() => createClient({ environment: 'production', transports: { production: () => ({}) as never }, logger: quiet })).toThrow(/"transports" must be an array/);
  });

  it('close() flushes, then drops later captures as closed', async () => {
    const rec = recordingTransport();
    const client = createClient({ transports: [rec], logger: quiet });
    client.captureException(new Error('before'));
    expect(await client.close(1000)).toBe(true);
    expect(rec.events).toHaveLength(1);
    expect(client.captureException(new Error('after'))).toBeUndefined();
    expect(client.stats().dropped.closed).toBe(1);
  });

  it('replay() to a transport that is not configured counts each kept event once, as noTransport', async () => {
    const rec = recordingTransport();
    const client = createClient({ transports: [rec], logger: quiet, dedupeWindowMs: 0 });
    client.captureException(new Error('kept'));
    await settled(client);
    await client.replay([rec.events[0], rec.events[0]], 'gone');
    const stats = await settled(client);
    expect([stats.captured, stats.delivered, stats.dropped.noTransport]).toEqual([3, 1, 2]);
    expect(rec.events).toHaveLength(1);
  });
});

describe('event building', () => {
  it('keeps cause chains (outermost first), bounded and cycle-safe', async () => {
    const rec = recordingTransport();
    const client = createClient({ transports: [rec], logger: quiet });
    const root = new RangeError('disk full');
    const mid = new Error('write failed', { cause: root });
    const top = new Error('save failed', { cause: mid });
    (root as { cause?: unknown }).cause = top; // a cycle
    client.captureException(top);
    await settled(client);
    expect(rec.events[0].exceptions.map((e) => `${e.type}: ${e.message}`)).toEqual(['Error: save failed', 'Error: write failed', 'RangeError: disk full']);
    expect(rec.events[0].exceptions[1].mechanism.type).toBe('chained');
  });

  it('a cause or errors getter that throws adds no exception (nor a placeholder one)', async () => {
    const rec = recordingTransport();
    const client = createClient({ transports: [rec], logger: quiet, dedupeWindowMs: 0 });
    const boom = () => {
      throw new Error('getter');
    };
    client.captureException(Object.defineProperty(new Error('with cause'), 'cause', { get: boom }));
    client.captureException(Object.defineProperty(new Error('with errors'), 'errors', { get: boom }));
    await settled(client);
    expect(rec.events.map((e) => e.exceptions.map((x) => x.message))).toEqual([['with cause'], ['with errors']]);
  });

  it('expands AggregateError members', async () => {
    const rec = recordingTransport();
    const client = createClient({ transports: [rec], logger: quiet });
    client.captureException(new AggregateError([new TypeError('one'), 'two'], 'many failed'));
    await settled(client);
    expect(rec.events[0].exceptions.map((e) => e.message)).toEqual(['many failed', 'one', 'two']);
  });

  it('reads non-Error values', async () => {
    const rec = recordingTransport();
    const client = createClient({ transports: [rec], dedupeWindowMs: 0, rateLimit: {}, logger: quiet });
    const values: unknown[] = ['text', 42, null, undefined, { code: 'E_X', detail: { deep: true } }, Symbol('s'), 10n];
    for (const v of values) client.captureException(v);
    await settled(client);
    const heads = rec.events.map((e) => `${e.exceptions[0].type}: ${e.exceptions[0].message}`);
    expect(heads).toEqual([
      'Error: text',
      'Number: 42',
      'Error: null was thrown',
      'Error: undefined was thrown',
      'Error: Non-Error object captured with keys: code, detail',
      'Symbol: Symbol(s)',
      'Bigint: 10',
    ]);
    expect(rec.events[4].contexts.thrown_value).toEqual({ value: { code: 'E_X', detail: { deep: true } } });
  });

  it('captureMessage makes a message event at the given level', async () => {
    const rec = recordingTransport();
    const client = createClient({ transports: [rec], logger: quiet });
    client.captureMessage('disk at 91%', 'warning');
    await settled(client);
    expect(rec.events[0]).toMatchObject({ message: 'disk at 91%', level: 'warning', exceptions: [] });
  });

  it('withScope isolates tags, user and contexts for what it captures', async () => {
    const rec = recordingTransport();
    const client = createClient({ transports: [rec], dedupeWindowMs: 0, logger: quiet });
    client.setTag('global', '1');
    client.withScope((scope) => {
      scope.setTag('inner', '1');
      scope.setUser({ id: 'u1' });
      client.captureException(new Error('inside'));
    });
    client.captureException(new Error('outside'));
    await settled(client);
    expect(rec.events[0].tags).toEqual({ global: '1', inner: '1' });
    expect(rec.events[0].user).toEqual({ id: 'u1' });
    expect(rec.events[1].tags).toEqual({ global: '1' });
    expect(rec.events[1].user).toBeUndefined();
  });

  it('keeps the newest maxBreadcrumbs breadcrumbs, oldest first', async () => {
    const rec = recordingTransport();
    const client = createClient({ transports: [rec], maxBreadcrumbs: 3, logger: quiet });
    for (let i = 0; i < 7; i++) client.addBreadcrumb({ message: `b${i}` });
    client.captureException(new Error('x'));
    await settled(client);
    expect(rec.events[0].breadcrumbs.map((b) => b.message)).toEqual(['b4', 'b5', 'b6']);
  });

  it('scrubs secrets by key and in free text before anything leaves', async () => {
    const rec = recordingTransport();
    const client = createClient({ transports: [rec], scrub: { keys: ['ssn'] }, logger: quiet });
    client.setContext('account', { password: 'hunter2', ssn: '123-45-6789', plan: 'pro' });
    client.setTag('api_key', 'sk_live_1');
    client.addBreadcrumb({ category: 'fetch', data: { url: 'https://x.io/a?token=abc&page=2', authorization: 'Bearer zzz' } });
    client.captureException(new Error('login failed for ann@example.com with Bearer abcdef123456'), {
      request: { method: 'POST', url: 'https://x.io/login?password=p', headers: { Cookie: 'sid=1', 'X-Api-Key': 'k', accept: 'json' }, data: { user: 'ann', password: 'p' } },
    });
    await settled(client);
    const e: Event = rec.events[0];
    const wire = JSON.stringify(e);
    for (const secret of ['hunter2', '123-45-6789', 'sk_live_1', 'token=abc', 'zzz', 'ann@example.com', 'abcdef123456', 'sid=1', '"k"', 'password=p']) {
      expect(wire).not.toContain(secret);
    }
    expect(e.contexts.account).toEqual({ password: '[Filtered]', ssn: '[Filtered]', plan: 'pro' });
    expect(e.request?.headers.accept).toBe('json');
    expect(e.breadcrumbs[0].data?.url).toBe('https://x.io/a?token=%5BFiltered%5D&page=2');
  });
});

describe("an error's own data", () => {
  it('keeps an own `__proto__` key as data, beside the others, without touching any prototype', async () => {
    const transport = recordingTransport();
    const client = createClient({ transports: [transport], logger: quiet, dedupeWindowMs: 0 });
    const error = Object.assign(new Error('with own __proto__'), { code: 'E_X' });
    Object.defineProperty(error, '__proto__', { value: { polluted: 'yes' }, enumerable: true });
    client.captureException(error);
    await client.flush();
    const data = transport.events[0].contexts.error_data as Record<string, unknown>;
    expect(Object.keys(data)).toEqual(['code', '__proto__']);
    expect(JSON.parse(JSON.stringify(data))).toEqual(JSON.parse('{"code":"E_X","__proto__":{"polluted":"yes"}}'));
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
