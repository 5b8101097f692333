import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { countEvent, influxBaseline, influxSink, monitorRate } from '../../src/jobs';
import { freePort, requireBinary, startInfluxd, type Influxd } from './services';
import { recordingClient } from './recording';

const HOUR = 3_600_000;
const SLICE = HOUR / 10;
/** Monday 2026-01-12 00:00 UTC: "today". The week before is what influxBaseline reads. */
const T0 = Date.UTC(2026, 0, 12);
const WEEK = 7 * 24 * HOUR;

/** A daily cycle: 1000 orders an hour from 08:00 to 20:00, 100 (10 %) at night, ±5 % noise. */
function usual(hour: number, seed: number): number {
  const h = hour % 24;
  const level = h >= 8 && h < 20 ? 1000 : 100;
  const wobble = ((Math.sin(seed * 12.9898 + hour * 78.233) * 43758.5453) % 1) * 0.1; // deterministic −0.1..0.1
  return Math.round(level * (1 + wobble / 2) / 10) * 10; // a multiple of 10: spread evenly over 10 slices
}

afterEach(() => vi.useRealTimers());

describe.skipIf(!requireBinary('influxd', 'influxdb'))('influxBaseline against a real InfluxDB 1.x', () => {
  let server: Influxd | undefined;

  beforeAll(async () => {
    server = await startInfluxd();
    await server.createDatabase('shop');
  }, 20_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('a daily cycle a week ago: quiet nights do not alert, a daytime collapse alerts once (the rolling median alerts at night)', async () => {
    const url = server!.url;
    // Last week, written through influxSink with its clock set to then: one point per 6-minute slice.
    let then = T0 - WEEK;
    const history = influxSink({ url, database: 'shop', now: () => then, maxBatch: 5000 });
    for (let hour = 0; hour < 24; hour++) {
      const count = usual(hour, 1);
      for (let s = 0; s < 10; s++) {
        then = T0 - WEEK + hour * HOUR + s * SLICE + 60_000;
        countEvent('orders.paid', count / 10, { sinks: [history] });
      }
    }
    await history.close();
    expect(history.stats()).toMatchObject({ sent: 240, failed: 0, dropped: 0 });

    // Today, on an injected clock: the monitors' windows are driven by fake interval timers only
    // (fetch and its timeouts stay real).
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let wall = T0;
    let queries = 0;
    const countingFetch: typeof fetch = (input, init) => {
      queries++;
      return fetch(input, init);
    };
    const baseline = influxBaseline({ url, database: 'shop', lookback: '7d', fetch: countingFetch as never });
    const seasonal = recordingClient();
    const rolling = recordingClient();
    const warnings: string[] = [];
    const logger = { warn: (m: string) => void warnings.push(m), error: (m: string) => void warnings.push(m) };
    const common = { windowMs: HOUR, dropBelow: 0.5, now: () => wall, sinks: [], logger };
    const withStore = monitorRate('orders.paid', { ...common, baseline, client: seasonal.client });
    const sameStore = monitorRate('orders.paid', { ...common, baseline, client: recordingClient().client }); // shares the cache
    const withMedian = monitorRate('orders.paid', { ...common, baselineWindows: 12, client: rolling.client });

    const COLLAPSE = 14; // 14:00, a weekday afternoon: checkout breaks
    for (let hour = 0; hour < 24; hour++) {
      const count = hour === COLLAPSE ? 200 : usual(hour, 2);
      for (let s = 0; s < 10; s++) {
        countEvent('orders.paid', count / 10, { sinks: [] });
        wall += SLICE;
        vi.advanceTimersByTime(SLICE);
      }
      await Promise.all([withStore.settled(), sameStore.settled(), withMedian.settled()]);
      expect(withStore.baseline).toBe(usualSum(hour));
    }
    for (const m of [withStore, sameStore, withMedian]) m.stop();
    vi.useRealTimers();
    await seasonal.client.flush();
    await rolling.client.flush();

    expect(warnings).toEqual([]);
    expect(queries).toBe(24); // one query per window; the second monitor was answered from the cache
    expect(seasonal.events).toHaveLength(1);
    const [drop] = seasonal.events;
    expect(drop.exceptions[0].type).toBe('MetricDropError');
    expect(drop.contexts.metric).toMatchObject({
      name: 'orders.paid',
      observed: 200,
      baseline: usualSum(COLLAPSE),
      windowStart: new Date(T0 + COLLAPSE * HOUR).toISOString(),
      baselineSource: 'baseline',
    });
    expect((drop.contexts.metric as { ratio: number }).ratio).toBeCloseTo(200 / usualSum(COLLAPSE), 3);
    const recovered = seasonal.client.getScope().breadcrumbs().filter((b) => b.category === 'metric.drop');
    expect(recovered).toHaveLength(1);

    // Without the store, the evening looks like a collapse: 100 an hour against a daytime median of 1000.
    const nightAlerts = rolling.events.filter((e) => new Date(String((e.contexts.metric as { windowStart: string }).windowStart)).getUTCHours() >= 20);
    expect(nightAlerts).toHaveLength(1);
  }, 30_000);

  it('a store that is down or hangs: the rolling median judges, a warning says so once', async () => {
    const hanging: Server = createServer(() => undefined); // accepts, never answers
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const closed = await freePort();
    try {
      for (const url of [`http://127.0.0.1:${closed}`, `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`]) {
        vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
        const warnings: string[] = [];
        const { client, events } = recordingClient();
        const monitor = monitorRate('orders.paid', {
          windowMs: 1000,
          dropBelow: 0.5,
          baselineWindows: 3,
          baseline: influxBaseline({ url, database: 'shop', timeoutMs: 100 }),
          client,
          sinks: [],
          logger: { warn: (m) => void warnings.push(m), error: (m) => void warnings.push(m) },
        });
        for (const total of [100, 100, 100, 100, 10]) {
          countEvent('orders.paid', total, { sinks: [] });
          vi.advanceTimersByTime(1000);
          await monitor.settled();
        }
        monitor.stop();
        vi.useRealTimers();
        await client.flush();
        expect(warnings).toHaveLength(1);
        expect(warnings[0]).toContain('monitorRate("orders.paid"): the baseline did not answer');
        expect(events).toHaveLength(1);
        expect(events[0].contexts.metric).toMatchObject({ observed: 10, baseline: 100, baselineSource: 'rolling median (fallback)' });
      }
    } finally {
      hanging.closeAllConnections();
      await new Promise<void>((resolve) => hanging.close(() => resolve()));
    }
  });

  it('tags: only the points of this process count (a fleet writes the same measurement)', async () => {
    const url = server!.url;
    const start = T0 - WEEK + 30 * HOUR;
    for (const [host, n] of [
      ['web-1', 40],
      ['web-2', 60],
      ["o'br\\ien", 7],
    ] as const) {
      const sink = influxSink({ url, database: 'shop', tags: { host }, now: () => start + 1000 });
      countEvent('signups', n, { sinks: [sink] });
      await sink.close();
    }
    const window = (name: string) => ({ name, start: new Date(start + WEEK), end: new Date(start + WEEK + HOUR), windowMs: HOUR });
    const w = window('signups');
    expect(await influxBaseline({ url, database: 'shop' })(w.start, w)).toBe(107);
    expect(await influxBaseline({ url, database: 'shop', tags: { host: 'web-1' } })(w.start, w)).toBe(40);
    expect(await influxBaseline({ url, database: 'shop', tags: { host: "o'br\\ien" } })(w.start, w)).toBe(7);
    expect(await influxBaseline({ url, database: 'shop', tags: { host: 'web-9' } })(w.start, w)).toBe(0);
  });

  it('rejects options that cannot work', () => {
    expect(() => influxBaseline({ url: 'nope', database: 'x' })).toThrow(/url/);
    expect(() => influxBaseline({ url: 'http://127.0.0.1:1', database: '' })).toThrow(/database/);
    expect(() => influxBaseline({ url: 'http://127.0.0.1:1', database: 'x', lookback: 'a week' })).toThrow(/lookback/);
  });
});

/** The count written for `hour` last week. */
function usualSum(hour: number): number {
  return usual(hour, 1);
}
