import { describe, expect, it } from 'vitest';
import { createClient, sentryTransport, type Options } from '../src';
import { readOptions } from '../src/internal';
import { CORE_OPTIONS } from '../src/options/core';
import { expectAccounted, recordingTransport } from './support';

/** A logger that keeps each call apart, so "one warning" is checked as one call. */
function callLogger() {
  const warns: string[] = [];
  const errors: string[] = [];
  return { warns, errors, logger: { warn: (m: string) => void warns.push(m), error: (m: string) => void errors.push(m) } };
}

describe('no transports: one clear warning, every event counted as noTransport', () => {
  it('init with no transports option warns once', async () => {
    const { warns, logger } = callLogger();
    const client = createClient({ logger });
    client.captureException(new Error('x'));
    client.captureException(new Error('y'));
    await client.flush(1000);
    expect(warns).toHaveLength(1);
    expect(warns[0]).toMatch(/no transports.*"transports" is not set.*noTransport/);
    expect(expectAccounted(client).dropped.noTransport).toBe(2);
  });

  it('an empty top-level list warns; an environment entry that is empty on purpose does not', () => {
    const empty = callLogger();
    createClient({ transports: [], logger: empty.logger });
    expect(empty.warns).toEqual([expect.stringMatching(/"transports" is empty/)]);
    const chosen = callLogger();
    createClient({ environment: 'test', transports: { test: [], production: [recordingTransport()] }, logger: chosen.logger });
    expect(chosen.warns).toEqual([]);
  });

  it('the typo `transport:` is named, with the right name, in the same one warning', () => {
    const { warns, logger } = callLogger();
    createClient({ transport: [recordingTransport()], logger } as Options);
    expect(warns).toHaveLength(1);
    expect(warns[0]).toContain('unknown option "transport" (did you mean "transports"?)');
    expect(warns[0]).toContain('no transports');
  });
});

describe('one option schema: bad values fall back to their defaults and are reported together, once', () => {
  it('every problem in one warning; the client runs on the defaults', async () => {
    const { warns, logger } = callLogger();
    const rec = recordingTransport();
    const client = createClient({
      transports: [rec],
      logger,
      sampleRate: '0.5' as never,            // a string from a config file: not "keep half"
      dedupeWindowMs: NaN,
      maxBreadcrumbs: -1,
      batch: { maxEvents: 'x' as never, maxDelayMs: 0, maxEvent: 5 } as never,
      delivery: { timeoutMs: Infinity, breakerThreshold: 2 },
      sendDefaultPii: 'yes' as never,
      realease: 'shop@1.0.0',
    } as Options);
    expect(warns).toHaveLength(1);
    const text = warns[0];
    expect(text).toContain('8 problems with the options');
    expect(text).toContain('option "sampleRate" must be a number from 0 to 1, not "0.5": using the default (1)');
    expect(text).toContain('option "dedupeWindowMs" must be a number ≥ 0, not NaN: using the default (1000)');
    expect(text).toContain('option "maxBreadcrumbs"');
    expect(text).toContain('option "batch.maxEvents" must be a number ≥ 0, not "x": using the default (20)');
    expect(text).toContain('unknown option "batch.maxEvent" (did you mean "batch.maxEvents"?)');
    expect(text).toContain('option "delivery.timeoutMs"');
    expect(text).toContain('option "sendDefaultPii" must be true or false');
    expect(text).toContain('unknown option "realease" (did you mean "release"?)');
    expect(text).not.toContain('breakerThreshold'); // a documented delivery knob, accepted

    for (let i = 0; i < 20; i++) client.captureMessage(`distinct bug ${'#'.repeat(i)}`);
    expect(await client.flush(2000)).toBe(true);
    expect(rec.events).toHaveLength(20); // sampleRate fell back to 1: nothing sampled out
    expectAccounted(client);
  });

  it('a valid configuration says nothing', () => {
    const { warns, errors, logger } = callLogger();
    createClient({
      transports: [recordingTransport()],
      logger,
      release: 'r',
      environment: 'production',
      sampleRate: 0.25,
      ignoreErrors: ['x', /y/],
      beforeSend: (e) => e,
      beforeSendTimeoutMs: Infinity,
      fingerprint: () => undefined,
      scrub: { keys: ['pin'] },
      sendDefaultPii: true,
      rateLimit: {},
      dedupeWindowMs: 0,
      batch: { maxEvents: 5, maxDelayMs: 10, maxQueue: 50 },
      delivery: { timeoutMs: 100, maxRetries: 0, baseDelayMs: 1, maxDelayMs: 2, breakerThreshold: 3, breakerCooldownMs: 10 },
      maxBreadcrumbs: 0,
      inAppInclude: [],
      inAppExclude: [/vendor/],
      notifyAt: [1, 5],
    });
    expect(warns).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('a runtime\'s own option names are known and its problems join the same warning', () => {
    const { warns, logger } = callLogger();
    createClient({
      transports: [recordingTransport()],
      logger,
      captureSignals: true,
      platform: { name: 'test', options: { names: ['captureSignals'], problems: ['option "contextLines" must be a number ≥ 0, not "5": using the default (5)'] } },
    } as Options);
    expect(warns).toHaveLength(1);
    expect(warns[0]).toContain('option "contextLines"');
    expect(warns[0]).not.toContain('captureSignals');
  });

  it('readOptions reads an object option field by field, and never throws on hostile input', () => {
    const { values, problems } = readOptions({ batch: { maxEvents: 2.7, maxQueue: -1 } }, CORE_OPTIONS);
    expect(values.batch).toEqual({ maxEvents: 2, maxDelayMs: 1000, maxQueue: 1000 });
    expect(problems).toEqual(['option "batch.maxQueue" must be a number ≥ 0, not -1: using the default (1000)']);
    const hostile = new Proxy({}, { get: () => { throw new Error('trap'); }, ownKeys: () => [] });
    expect(() => readOptions(hostile, CORE_OPTIONS)).not.toThrow();
  });
});

describe('a per-environment factory that throws at init does not stop the app', () => {
  it('logs one error naming the option and the cause, and starts without those transports', async () => {
    const { warns, errors, logger } = callLogger();
    const create = () =>
      createClient({
        environment: 'production',
        logger,
        transports: { production: () => [sentryTransport({ dsn: process.env.BUGMASTERY_TEST_UNSET_DSN! })], development: [recordingTransport()] },
      });
    expect(create).not.toThrow();
    errors.length = 0;
    const client = create();
    expect(errors).toEqual([
      expect.stringMatching(/^\[bugmastery\] option "transports\.production" could not be built: sentryTransport: option "dsn" is required.* — started without these transports/),
    ]);
    expect(warns).toEqual([]); // the error says it all: no second line about missing transports
    client.captureException(new Error('x'));
    await client.flush(1000);
    expect(expectAccounted(client).dropped.noTransport).toBe(1);
  });
});
