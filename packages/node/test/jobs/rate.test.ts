import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { countEvent, monitorRate, setMetricSinks } from '../../src/jobs';
import { recordingClient, recordingSink } from './recording';

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  vi.useRealTimers();
  setMetricSinks([]);
});

/** `perTick` events every 100 ms for `ticks` ticks. */
function traffic(name: string, perTick: number, ticks: number): void {
  for (let i = 0; i < ticks; i++) {
    if (perTick > 0) countEvent(name, perTick);
    vi.advanceTimersByTime(100);
  }
}

describe('countEvent + monitorRate', () => {
  it('warns once per breach when the count over the window falls below min, with a breadcrumb on recovery', async () => {
    const sink = recordingSink();
    setMetricSinks([sink]);
    const { client, events } = recordingClient();
    const monitor = monitorRate('orders.paid', { min: 5, windowMs: 1000, client });

    traffic('orders.paid', 2, 10); // 20 per second: healthy
    expect(monitor.count).toBe(20);
    expect(monitor.breached).toBe(false);

    traffic('orders.paid', 0, 30); // checkout broke: nothing for 3 s
    expect(monitor.breached).toBe(true);

    traffic('orders.paid', 1, 20); // back: 10 per second
    expect(monitor.breached).toBe(false);
    const crumb = client.getScope().breadcrumbs().find((b) => b.category === 'metric.floor');
    expect(crumb?.message).toContain('orders.paid');

    traffic('orders.paid', 0, 15); // a second breach
    const timers = vi.getTimerCount();
    monitor.stop();
    // Its own timer is gone (the client's batch timer may remain).
    expect(vi.getTimerCount()).toBe(timers - 1);
    vi.useRealTimers();

    await client.flush();
    expect(events).toHaveLength(2);
    for (const e of events) {
      expect(e.level).toBe('warning');
      expect(e.exceptions[0].type).toBe('MetricFloorError');
      expect(e.tags.metric).toBe('orders.paid');
      expect(e.contexts.metric).toMatchObject({ name: 'orders.paid', min: 5, windowMs: 1000 });
      expect((e.contexts.metric as { count: number }).count).toBeLessThan(5);
    }
    expect(events[0].fingerprint).toBe(events[1].fingerprint);
    // Every counted event went to the default sinks.
    expect(sink.total('event.orders.paid')).toBe(20 + 20);
    expect(sink.total('event.orders.paid.below_floor')).toBe(2);
    expect(sink.calls.some((c) => c.kind === 'gauge' && c.name === 'event.orders.paid.window')).toBe(true);
  });

  it('does not judge before one full window has been seen', () => {
    const sink = recordingSink();
    const monitor = monitorRate('logins.facebook', { min: 1, windowMs: 1000, sinks: [sink] });
    vi.advanceTimersByTime(900);
    expect(monitor.breached).toBe(false);
    vi.advanceTimersByTime(100);
    expect(monitor.breached).toBe(true);
    expect(sink.total('event.logins.facebook.below_floor')).toBe(1);
    monitor.stop();
  });

  it('countEvent goes to explicit sinks, never throws, and keeps no count for unmonitored names', () => {
    const sink = recordingSink();
    countEvent('signup', 3, { sinks: [sink], tags: { plan: 'pro' } });
    countEvent('signup', undefined, { sinks: [sink] });
    expect(sink.calls).toEqual([
      { kind: 'increment', name: 'event.signup', value: 3, tags: { plan: 'pro' } },
      { kind: 'increment', name: 'event.signup', value: 1, tags: undefined },
    ]);
    expect(() => countEvent('x', Number.NaN)).not.toThrow();
    expect(() => monitorRate('bad', { min: 1, windowMs: -1 })).toThrow(TypeError);
  });
});

/** Deterministic noise: the same "random" traffic on every run. */
function noise(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** One window of 1000 ms (10 ticks) with `total` events spread over its ticks. */
function window(name: string, total: number): void {
  for (let i = 0; i < 10; i++) {
    const share = Math.floor(total / 10) + (i < total % 10 ? 1 : 0);
    if (share > 0) countEvent(name, share);
    vi.advanceTimersByTime(100);
  }
}

describe('monitorRate: drops against the rolling median of past windows', () => {
  it('steady traffic with noise: no alert', async () => {
    const { client, events } = recordingClient();
    const sink = recordingSink();
    const monitor = monitorRate('checkout.ok', { windowMs: 1000, dropBelow: 0.5, client, sinks: [sink] });
    const rand = noise(7);
    for (let w = 0; w < 60; w++) window('checkout.ok', Math.round(100 * (0.75 + 0.5 * rand()))); // 75–125 a window
    await monitor.settled();
    monitor.stop();
    vi.useRealTimers();
    await client.flush();
    expect(events).toHaveLength(0);
    expect(monitor.belowBaseline).toBe(false);
    expect(monitor.baseline).toBeGreaterThan(75);
    expect(monitor.baseline).toBeLessThan(125);
    expect(sink.calls.filter((c) => c.name === 'event.checkout.ok.baseline')).toHaveLength(60 - 12);
  });

  it('a drop to 30 %: one MetricDropError (warning) for the breach, one breadcrumb when it recovers', async () => {
    const { client, events } = recordingClient();
    const sink = recordingSink();
    const monitor = monitorRate('logins.facebook', { windowMs: 1000, dropBelow: 0.5, baselineWindows: 12, client, sinks: [sink] });
    const rand = noise(11);
    for (let w = 0; w < 20; w++) window('logins.facebook', 90 + Math.round(20 * rand()));
    await monitor.settled();
    expect(monitor.belowBaseline).toBe(false);

    for (let w = 0; w < 5; w++) window('logins.facebook', 30); // five windows at 30 %: one breach
    await monitor.settled();
    expect(monitor.belowBaseline).toBe(true);

    for (let w = 0; w < 3; w++) window('logins.facebook', 100);
    await monitor.settled();
    expect(monitor.belowBaseline).toBe(false);
    monitor.stop();
    vi.useRealTimers();
    await client.flush();

    expect(events).toHaveLength(1);
    const [drop] = events;
    expect(drop.level).toBe('warning');
    expect(drop.exceptions[0].type).toBe('MetricDropError');
    expect(drop.tags.metric).toBe('logins.facebook');
    const ctx = drop.contexts.metric as Record<string, number | string>;
    expect(ctx).toMatchObject({ name: 'logins.facebook', observed: 30, dropBelow: 0.5, windowMs: 1000, baselineSource: 'rolling median' });
    expect(ctx.baseline).toBeGreaterThanOrEqual(90);
    expect(ctx.baseline).toBeLessThanOrEqual(110);
    expect(ctx.ratio).toBeCloseTo(30 / (ctx.baseline as number), 3);
    expect(sink.total('event.logins.facebook.below_baseline')).toBe(1);
    const crumbs = client.getScope().breadcrumbs().filter((b) => b.category === 'metric.drop');
    expect(crumbs).toHaveLength(1);
    expect(crumbs[0].message).toContain('is back to 100');
  });

  it('no alert until the baseline has baselineWindows windows; a baseline of zero never alerts on zero', async () => {
    const { client, events } = recordingClient();
    const young = monitorRate('young', { windowMs: 1000, dropBelow: 0.5, baselineWindows: 6, client });
    for (let w = 0; w < 5; w++) window('young', 100);
    window('young', 0); // collapse in window 6: only 5 windows of history
    await young.settled();
    expect(young.belowBaseline).toBe(false);
    expect(young.baseline).toBeUndefined();
    young.stop();

    const quiet = monitorRate('night.only', { windowMs: 1000, dropBelow: 0.5, baselineWindows: 3, client });
    for (let w = 0; w < 10; w++) window('night.only', 0);
    await quiet.settled();
    expect(quiet.baseline).toBe(0);
    expect(quiet.belowBaseline).toBe(false);
    quiet.stop();
    vi.useRealTimers();
    await client.flush();
    expect(events).toHaveLength(0);
  });

  it('baseline: any (windowStart) => number | Promise<number>, given the window on the injected clock', async () => {
    const { client, events } = recordingClient();
    const starts: string[] = [];
    const clock = { t: Date.UTC(2026, 0, 5, 9, 0, 0) };
    const expected = (windowStart: Date) => {
      starts.push(windowStart.toISOString());
      return Promise.resolve(windowStart.getUTCSeconds() % 2 === 0 ? 100 : 10); // even seconds are "day"
    };
    const monitor = monitorRate('signups', { windowMs: 1000, dropBelow: 0.5, baseline: expected, client, now: () => clock.t });
    for (let w = 0; w < 6; w++) {
      clock.t += 1000;
      window('signups', w % 2 === 0 ? 100 : 10); // window w ends at the clock: it started at second w
    }
    await monitor.settled();
    expect(starts.slice(0, 2)).toEqual(['2026-01-05T09:00:00.000Z', '2026-01-05T09:00:01.000Z']);
    expect(events).toHaveLength(0);
    clock.t += 1000;
    window('signups', 20); // a "day" window at 20 % of 100
    await monitor.settled();
    monitor.stop();
    vi.useRealTimers();
    await client.flush();
    expect(events.map((e) => e.exceptions[0].type)).toEqual(['MetricDropError']);
    expect(events[0].contexts.metric).toMatchObject({ observed: 20, baseline: 100, ratio: 0.2, baselineSource: 'baseline' });
  });

  it('a baseline that fails or hangs: the rolling median judges, and a warning says so once', async () => {
    const { client, events } = recordingClient();
    const warnings: string[] = [];
    const logger = { warn: (m: string) => void warnings.push(m), error: (m: string) => void warnings.push(m) };
    let calls = 0;
    const flaky = () => {
      calls++;
      if (calls % 2 === 0) return new Promise<number>(() => undefined); // hangs
      throw new Error('store down');
    };
    const monitor = monitorRate('payments', { windowMs: 1000, dropBelow: 0.5, baselineWindows: 4, baseline: flaky, baselineTimeoutMs: 300, client, logger });
    // Async ticks: a hanging baseline's timeout fires while the next window is counted.
    const windowAsync = async (total: number) => {
      for (let i = 0; i < 10; i++) {
        countEvent('payments', total / 10);
        await vi.advanceTimersByTimeAsync(100);
      }
    };
    for (let w = 0; w < 6; w++) await windowAsync(100);
    await windowAsync(10);
    await vi.advanceTimersByTimeAsync(300);
    await monitor.settled();
    monitor.stop();
    vi.useRealTimers();
    await client.flush();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/monitorRate\("payments"\): the baseline did not answer \(store down\).*median of the last 4 windows/);
    expect(events).toHaveLength(1);
    expect(events[0].contexts.metric).toMatchObject({ observed: 10, baselineSource: 'rolling median (fallback)' });
  });

  it('rejects options that cannot work', () => {
    expect(() => monitorRate('x', { windowMs: 1000 })).toThrow(/min.*dropBelow/);
    expect(() => monitorRate('x', { windowMs: 1000, dropBelow: 1.5 })).toThrow(/dropBelow/);
    expect(() => monitorRate('x', { windowMs: 1000, dropBelow: 0 })).toThrow(/dropBelow/);
    expect(() => monitorRate('x', { windowMs: 1000, min: 1, baseline: () => 1 })).toThrow(/needs "dropBelow"/);
    expect(() => monitorRate('x', { windowMs: 1000, dropBelow: 0.5, baseline: 5 as unknown as () => number })).toThrow(/function/);
  });
});
