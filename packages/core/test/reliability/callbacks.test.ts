import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as core from '../../src';
import { consoleTransport, createClient, httpTransport, type Event, type Options } from '../../src';
import { expectAccounted, memoryLogger, reasons, recorder, rejectionSpy } from './harness';

let spy: ReturnType<typeof rejectionSpy>;
beforeAll(() => void (spy = rejectionSpy()));
afterAll(() => {
  spy.stop();
  expect(spy.seen).toEqual([]);
});

function setup(extra: Partial<Options>) {
  const rec = recorder();
  const log = memoryLogger();
  const client = createClient({ transports: [rec], logger: log, dedupeWindowMs: 0, ...extra });
  return { client, rec, log };
}

describe('beforeSend that misbehaves', () => {
  const cases: [string, Options['beforeSend'], RegExp][] = [
    ['throws', () => {
      throw new Error('user bug');
    }, /beforeSend threw/],
    ['throws a non-Error', () => {
      throw Object.create(null);
    }, /beforeSend threw/],
    ['rejects', () => Promise.reject(new Error('async user bug')), /beforeSend threw/],
    ['returns a number', () => 42 as never, /not an event/],
    ['returns a string', () => 'event' as never, /not an event/],
    ['returns an array', () => [] as never, /not an event/],
    ['returns an object that only looks like an event', () => ({ id: 'abc' }) as never, /not an event/],
    ['never resolves', () => new Promise<Event>(() => undefined), /did not settle/],
  ];

  it.each(cases)('%s: the app sees nothing, the event is dropped as beforeSend, logged once', async (_name, beforeSend, logged) => {
    const { client, rec, log } = setup({ beforeSend, beforeSendTimeoutMs: 50 });
    expect(() => client.captureException(new Error('one'))).not.toThrow();
    expect(() => client.captureException(new TypeError('two'))).not.toThrow();
    expect(await client.flush(2000)).toBe(true);
    const s = expectAccounted(client);
    expect(reasons(s)).toEqual({ beforeSend: 2 });
    expect(rec.events).toHaveLength(0);
    expect(log.lines.filter((l) => logged.test(l))).toHaveLength(1);
  });

  it('development builds (the sources) say what follows each warning; production ones keep the reason', async () => {
    const { client, log } = setup({ beforeSend: () => 42 as never, fingerprint: () => { throw new Error('x'); } });
    client.captureException(new Error('one'));
    await client.flush(1000);
    client.replay({} as never);
    expect(log.lines.some((l) => /beforeSend returned what is not an event; event dropped/.test(l))).toBe(true);
    expect(log.lines.some((l) => /fingerprint option threw; default fingerprint kept/.test(l))).toBe(true);
    expect(log.lines.some((l) => /replay\(\) takes an array of events; nothing replayed/.test(l))).toBe(true);
  });

  it('returns null: dropped as beforeSend without a warning (that is its contract)', async () => {
    const { client, log } = setup({ beforeSend: () => null });
    client.captureException(new Error('x'));
    await client.flush(1000);
    expect(reasons(expectAccounted(client))).toEqual({ beforeSend: 1 });
    expect(log.lines).toEqual([]);
  });

  it('adds a cycle or a BigInt to the event: counted, never thrown, other events unaffected', async () => {
    let n = 0;
    const { client, rec } = setup({
      beforeSend: (e) => {
        n++;
        if (n === 1) (e.contexts as Record<string, unknown>).self = e;
        if (n === 2) (e.contexts as Record<string, unknown>).big = { v: 10n };
        return e;
      },
    });
    client.captureException(new Error('cyclic'));
    client.captureException(new Error('bigint'));
    client.captureException(new Error('fine'));
    expect(await client.flush(2000)).toBe(true);
    const s = expectAccounted(client);
    expect(rec.events.map((e) => e.exceptions[0].message)).toContain('fine');
    expect(s.delivered + s.dropped.internalError + s.dropped.transportFailed).toBe(3);
  });
});

describe('other callbacks and options that misbehave', () => {
  it('a fingerprint callback that throws keeps the default fingerprint', async () => {
    const { client, rec, log } = setup({
      fingerprint: () => {
        throw new Error('fp bug');
      },
    });
    client.captureException(new Error('x'));
    await client.flush(1000);
    expect(rec.events).toHaveLength(1);
    expect(rec.events[0].fingerprint).toMatch(/^[0-9a-f]+$/);
    expect(log.lines.some((l) => /fingerprint option threw/.test(l))).toBe(true);
  });

  it.each([
    ['an object', () => ({})],
    ['a Symbol', () => Symbol('fp')],
    ['an array with a Symbol', () => ['a', Symbol('b')]],
    ['null', () => null],
  ] as [string, () => unknown][])('a fingerprint callback returning %s: delivered with a hex fingerprint', async (_n, fp) => {
    const { client, rec } = setup({ fingerprint: fp as Options['fingerprint'] });
    client.captureException(new Error('x'));
    await client.flush(1000);
    expect(rec.events).toHaveLength(1);
    expect(rec.events[0].fingerprint).toMatch(/^[0-9a-f]+$/);
  });

  it('a logger that throws, or is not a logger at all, never reaches the app', async () => {
    for (const logger of [
      { warn: () => { throw new Error('log'); }, error: () => { throw new Error('log'); } },
      {} as never,
    ]) {
      const client = createClient({ transports: [], logger, beforeSend: () => { throw new Error('x'); } });
      expect(() => client.captureException(new Error('a'))).not.toThrow();
      expect(await client.flush(1000)).toBe(true);
      expectAccounted(client);
    }
  });

  it('a transport whose write throws or rejects is counted; the others still deliver', async () => {
    const good = recorder('good');
    const client = createClient({
      transports: [
        { name: 'throws', write: () => { throw new Error('sync'); } },
        { name: 'rejects', write: () => Promise.reject(new Error('async')) },
        { name: 'encode-throws', encode: () => { throw new Error('encode'); } },
        good,
      ],
      logger: memoryLogger(),
    });
    client.captureException(new Error('x'));
    expect(await client.flush(1000)).toBe(true);
    const s = expectAccounted(client);
    expect(good.events).toHaveLength(1);
    expect(s.delivered).toBe(1);
    expect(s.transports.throws.failed + s.transports.rejects.failed + s.transports['encode-throws'].failed).toBe(3);
  });

  it('odd option values do not break capture', async () => {
    const rec = recorder();
    const client = createClient({
      transports: [rec],
      logger: memoryLogger(),
      sampleRate: NaN,
      ignoreErrors: [/never/g, 42 as never, null as never, 'never'],
      maxBreadcrumbs: -1,
      dedupeWindowMs: -5,
      environment: '',
      batch: { maxEvents: 0, maxDelayMs: -1 },
    });
    for (let i = 0; i < 3; i++) client.captureException(new Error(`e${i}`));
    expect(await client.flush(1000)).toBe(true);
    expectAccounted(client);
    expect(rec.events.length).toBeGreaterThan(0);
  });

  it('a /g regex in ignoreErrors ignores every match, not every other one', async () => {
    const { client, rec } = setup({ ignoreErrors: [/flaky/g] });
    for (let i = 0; i < 6; i++) client.captureException(new Error(`flaky ${i}`));
    await client.flush(1000);
    expect(rec.events).toHaveLength(0);
    expect(reasons(expectAccounted(client))).toEqual({ ignored: 6 });
  });

  it('the console transport survives an event a hostile beforeSend reshaped', async () => {
    const lines: string[] = [];
    const client = createClient({
      transports: [consoleTransport({ stream: { write: (l: string) => void lines.push(l) } })],
      logger: memoryLogger(),
      beforeSend: (e) => Object.assign(e, { level: 42 as never, exceptions: [] }),
    });
    client.captureException(new Error('x'));
    expect(await client.flush(1000)).toBe(true);
    expectAccounted(client);
  });
});

describe('transport factories given malformed endpoints: a clear error at init, naming the option', () => {
  const bad: [string, unknown][] = [
    ['missing', undefined],
    ['empty', ''],
    ['not a URL', 'not a url'],
    ['scheme only', 'http://'],
    ['ftp', 'ftp://collector.example/'],
    ['javascript:', 'javascript:alert(1)'],
    ['a number', 42],
    ['an object', { href: 'http://x' }],
  ];
  it.each(bad)('httpTransport with url %s', (_n, url) => {
    expect(() => httpTransport({ url } as never)).toThrow(/httpTransport.*"url"/);
  });

  it('httpTransport with no options at all', () => {
    expect(() => httpTransport(undefined as never)).toThrow(/"url"/);
  });

  it('createClient rejects things that are not transports, naming the option', () => {
    expect(() => createClient({ transports: 'http://x' as never })).toThrow(/"transports"/);
    expect(() => createClient({ transports: [null as never] })).toThrow(/"transports"/);
    expect(() => createClient({ transports: [{ name: 'x' } as never] })).toThrow(/"transports"/);
  });

  // Service transports arrive from another work stream; every factory that is exported gets the same treatment.
  const factories: [string, string, Record<string, unknown>][] = [
    ['sentryTransport', 'dsn', { dsn: 'not a dsn' }],
    ['sentryTransport', 'dsn', { dsn: 'https://collector.example/' }],
    ['sentryTransport', 'dsn', {}],
    ['bugsnagTransport', 'apiKey', {}],
    ['bugsnagTransport', 'endpoint', { apiKey: '0123456789abcdef0123456789abcdef', endpoint: 'nope' }],
    ['slackTransport', 'webhookUrl', { webhookUrl: 'nope' }],
    ['slackTransport', 'webhookUrl', {}],
    ['pagerDutyTransport', 'routingKey', {}],
    ['pagerDutyTransport', 'endpoint', { routingKey: 'R0UTINGKEY0123456789012345678901', endpoint: 'ftp://x' }],
  ];
  it.each(factories)('%s names option %s when it is unusable', (factory, option, opts) => {
    const make = (core as Record<string, unknown>)[factory] as ((o: unknown) => unknown) | undefined;
    if (typeof make !== 'function') return; // not built yet: nothing to check
    // The message must name the option (sentry says "invalid DSN …"), whatever its quoting.
    expect(() => make(opts)).toThrow(new RegExp(`${factory}.*${option}`, 'i'));
  });
});
