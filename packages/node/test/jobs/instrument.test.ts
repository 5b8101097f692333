import { setCurrentClient } from '@bugmastery/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { instrumentJob, type MetricSink } from '../../src/jobs';
import { jobContext, macrotask, manualClock, recordingClient, recordingSink } from './recording';

afterEach(() => setCurrentClient(undefined));

describe('instrumentJob: pass-through', () => {
  it('keeps this, arguments and the return value of a sync job', () => {
    const sink = recordingSink();
    const { client } = recordingClient();
    const counter = {
      base: 10,
      add(a: number, b: number) {
        return this.base + a + b;
      },
    };
    counter.add = instrumentJob('add', counter.add, { client, sinks: [sink] });
    expect(counter.add(1, 2)).toBe(13);
    expect(counter.add.name).toBe('add');
    expect(counter.add.length).toBe(2);
    expect(sink.total('job.add.ok')).toBe(1);
    expect(sink.timings('job.add.duration')).toHaveLength(1);
  });

  it('returns the very same promise for an async job', async () => {
    const sink = recordingSink();
    let promise: Promise<string> | undefined;
    const job = instrumentJob(
      'same',
      () => {
        promise = Promise.resolve('value');
        return promise;
      },
      { sinks: [sink] },
    );
    const returned = job();
    expect(returned).toBe(promise);
    await expect(returned).resolves.toBe('value');
    await Promise.resolve();
    expect(sink.total('job.same.ok')).toBe(1);
  });

  it('rethrows the same error (sync and async) and reports it with job context, tag and mechanism', async () => {
    const sink = recordingSink();
    const { client, events } = recordingClient();
    const boom = new Error('smtp refused');
    const syncJob = instrumentJob(
      'send-mail',
      (_to: string, _opts: { password: string }) => {
        throw boom;
      },
      { client, sinks: [sink], runInfo: () => ({ id: 'j-1', attempt: 2 }) },
    );
    let thrown: unknown;
    try {
      syncJob('order-42', { password: 'hunter2' });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBe(boom);

    const asyncBoom = new TypeError('bad row');
    const asyncJob = instrumentJob('import', async (_rows: number[]) => {
      await Promise.resolve();
      throw asyncBoom;
    }, { client, sinks: [sink] });
    await expect(asyncJob([1, 2, 3])).rejects.toBe(asyncBoom);

    expect(await client.flush()).toBe(true);
    expect(events).toHaveLength(2);
    const [mail, imp] = events;
    expect(mail.level).toBe('error');
    expect(mail.tags.job).toBe('send-mail');
    expect(mail.exceptions[0]).toMatchObject({ type: 'Error', message: 'smtp refused', mechanism: { type: 'job', handled: true } });
    const ctx = jobContext(mail);
    expect(ctx).toMatchObject({ name: 'send-mail', id: 'j-1', attempt: 2 });
    expect(typeof ctx.durationMs).toBe('number');
    // Arguments are attached, and the client's scrubbing removed the password.
    expect(JSON.stringify(ctx.args)).toContain('order-42');
    expect(JSON.stringify(ctx.args)).not.toContain('hunter2');
    expect(imp.exceptions[0].type).toBe('TypeError');
    expect(jobContext(imp).args).toEqual([[1, 2, 3]]);
    expect(sink.total('job.send-mail.failed')).toBe(1);
    expect(sink.total('job.import.failed')).toBe(1);
    expect(sink.total('job.import.ok')).toBe(0);
    expect(client.stats()).toMatchObject({ captured: 2, delivered: 2 });
  });

  it('finds the client at run time and runs without one', async () => {
    const sink = recordingSink();
    const job = instrumentJob('late', () => {
      throw new Error('no client yet');
    }, { sinks: [sink] });
    expect(() => job()).toThrow('no client yet');
    expect(sink.total('job.late.failed')).toBe(1);

    const { client, events } = recordingClient();
    setCurrentClient(client);
    expect(() => job()).toThrow('no client yet');
    await client.flush();
    expect(events).toHaveLength(1);
    expect(events[0].tags.job).toBe('late');
  });

  it('errors the job captures itself carry the job tag', async () => {
    const { client, events } = recordingClient();
    const job = instrumentJob('self-report', () => {
      client.captureException(new Error('handled inside'));
      return 1;
    }, { client, sinks: [] });
    expect(job()).toBe(1);
    await client.flush();
    expect(events[0].tags.job).toBe('self-report');
  });

  it('a sink that throws does not change the job', () => {
    const broken: MetricSink = {
      timing() {
        throw new Error('sink down');
      },
      increment() {
        throw new Error('sink down');
      },
    };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const job = instrumentJob('robust', (x: number) => x * 2, { sinks: [broken] });
    expect(job(21)).toBe(42);
    warn.mockRestore();
  });

  it('an async sink that rejects is logged, never an unhandled rejection', async () => {
    const failing: MetricSink = { timing: async () => Promise.reject(new Error('sink down')), increment: async () => Promise.reject(new Error('sink down')) };
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const job = instrumentJob('async-sink', () => 'done', { sinks: [failing] });
      expect(job()).toBe('done');
      // Rejections are judged unhandled once the microtask queue drains, before the next macrotask.
      await macrotask();
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      warn.mockRestore();
    }
  });

  it('a native promise with its own throwing then() is returned as it is, and the run still ends', () => {
    const hostile = Promise.resolve(1);
    Object.defineProperty(hostile, 'then', { value: () => { throw new Error('then trap'); } });
    const job = instrumentJob('hostile-then', () => hostile, { sinks: [] });
    expect(job()).toBe(hostile);
  });

  it('does not call then() on a non-native thenable (query builders run on then)', () => {
    let thens = 0;
    const query = { then: () => void thens++ };
    const job = instrumentJob('query', () => query, { sinks: [] });
    expect(job()).toBe(query);
    expect(thens).toBe(0);
  });
});

describe('instrumentJob: slow runs (injected clock: durations are exact, no sleeps)', () => {
  it('slowAfterMs: a run over the absolute threshold is a warning fingerprinted per job', async () => {
    const sink = recordingSink();
    const { client, events } = recordingClient();
    const clock = manualClock();
    const report = instrumentJob('report', async () => {
      await clock.spend(60);
      return 'done';
    }, { client, sinks: [sink], slowAfterMs: 20, now: clock.now });
    const other = instrumentJob('other', async () => clock.spend(60), { client, sinks: [sink], slowAfterMs: 20, now: clock.now });
    const fast = instrumentJob('fast', () => 'quick', { client, sinks: [sink], slowAfterMs: 10_000, now: clock.now });

    await expect(report()).resolves.toBe('done');
    await report();
    await other();
    fast();
    await client.flush();

    expect(events).toHaveLength(3);
    for (const e of events) {
      expect(e.level).toBe('warning');
      expect(e.exceptions[0].type).toBe('SlowJobError');
      expect(e.exceptions[0].mechanism.type).toBe('job');
    }
    const [first, second, third] = events;
    expect(first.fingerprint).toBe(second.fingerprint);
    expect(first.fingerprint).not.toBe(third.fingerprint);
    expect(client.occurrences(first.fingerprint)).toBe(2);
    expect(jobContext(first)).toMatchObject({ name: 'report', reason: 'slowAfterMs', thresholdMs: 20, durationMs: 60 });
    expect(sink.total('job.report.slow')).toBe(2);
    expect(sink.total('job.report.ok')).toBe(2);
    expect(sink.total('job.fast.slow')).toBe(0);
    expect(sink.timings('job.report.duration').map((c) => c.value)).toEqual([60, 60]);
  });

  it('slowFactor: judged against the p95 of recent runs once enough samples exist', async () => {
    const sink = recordingSink();
    const { client, events } = recordingClient();
    const clock = manualClock();
    const job = instrumentJob('resize', async (ms: number) => clock.spend(ms), { client, sinks: [sink], slowFactor: 3, minSamples: 20, now: clock.now });

    // Too few samples: even a slow run is not judged.
    await job(300);
    for (let i = 0; i < 25; i++) await job(100 + (i % 5) * 10); // p95 140 ms
    await client.flush();
    expect(events).toHaveLength(0);

    await job(421); // just over 3 × p95
    await client.flush();
    expect(events).toHaveLength(1);
    const ctx = jobContext(events[0]);
    expect(events[0].level).toBe('warning');
    expect(events[0].exceptions[0].type).toBe('SlowJobError');
    expect(ctx).toMatchObject({ reason: 'slowFactor', baselineSamples: 26, baselineP95Ms: 140, thresholdMs: 420, durationMs: 421, slowFactorFloorMs: 100 });
    expect(sink.total('job.resize.slow')).toBe(1);
  });

  it('slowFactor: a fast job is not slow for a few ms of jitter (the floor, default 100 ms)', async () => {
    const sink = recordingSink();
    const { client, events } = recordingClient();
    const clock = manualClock();
    const job = instrumentJob('noop', (ms: number) => clock.advance(ms), { client, sinks: [sink], slowFactor: 3, now: clock.now });
    for (let i = 0; i < 25; i++) job(0.2); // p95 0.2 ms
    job(7); // 35× the p95: a GC pause, not a slow job
    job(100); // at the floor: still not over it
    await client.flush();
    expect(events).toHaveLength(0);
    expect(sink.total('job.noop.slow')).toBe(0);

    job(101);
    await client.flush();
    expect(events).toHaveLength(1);
    expect(jobContext(events[0])).toMatchObject({ reason: 'slowFactor', thresholdMs: 100, durationMs: 101, slowFactorFloorMs: 100 });
  });

  it('slowFactorFloorMs sets the floor; 0 judges the factor alone', async () => {
    const { client, events } = recordingClient();
    const clock = manualClock();
    const strict = instrumentJob('strict', (ms: number) => clock.advance(ms), { client, sinks: [], slowFactor: 3, slowFactorFloorMs: 0, now: clock.now });
    const relaxed = instrumentJob('relaxed', (ms: number) => clock.advance(ms), { client, sinks: [], slowFactor: 3, slowFactorFloorMs: 5000, now: clock.now });
    for (let i = 0; i < 20; i++) {
      strict(1);
      relaxed(1);
    }
    strict(4);
    relaxed(4999);
    await client.flush();
    expect(events.map((e) => jobContext(e).name)).toEqual(['strict']);
    expect(jobContext(events[0])).toMatchObject({ thresholdMs: 3, slowFactorFloorMs: 0 });
  });
});

describe('instrumentJob: timeoutMs (fake timers)', () => {
  afterEach(() => vi.useRealTimers());

  it('reports a run still going without stopping it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const sink = recordingSink();
    const { client, events } = recordingClient();
    const clock = manualClock();
    let release: (v: string) => void = () => undefined;
    const job = instrumentJob('hang', () => new Promise<string>((resolve) => (release = resolve)), {
      client,
      sinks: [sink],
      timeoutMs: 20,
      slowAfterMs: 5,
      now: clock.now,
    });
    const running = job();
    clock.advance(19);
    vi.advanceTimersByTime(19);
    expect(sink.total('job.hang.timeout')).toBe(0);
    clock.advance(1);
    vi.advanceTimersByTime(1);
    expect(sink.total('job.hang.timeout')).toBe(1);
    expect(sink.total('job.hang.ok')).toBe(0);
    vi.useRealTimers();
    clock.advance(30);
    release('finished anyway');
    await expect(running).resolves.toBe('finished anyway');
    await Promise.resolve();
    await client.flush();
    expect(sink.total('job.hang.ok')).toBe(1);
    expect(sink.timings('job.hang.duration').map((c) => c.value)).toEqual([50]);
    // One timeout event; no extra slow event for a run already reported as timed out.
    expect(events.map((e) => e.exceptions[0].type)).toEqual(['JobTimeoutError']);
    expect(events[0].level).toBe('error');
    expect(jobContext(events[0])).toMatchObject({ name: 'hang', timeoutMs: 20, durationMs: 20 });
    expect(events[0].tags.job).toBe('hang');
  });

  it('a run that ends before timeoutMs leaves no timer behind', async () => {
    vi.useFakeTimers();
    const job = instrumentJob('quick', () => 1, { sinks: [], timeoutMs: 1000 });
    job();
    expect(vi.getTimerCount()).toBe(0);
  });
});
