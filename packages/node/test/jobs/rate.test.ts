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
