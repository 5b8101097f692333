import { processWide } from '@bugmastery/core';
import { MetricEmitter, metricName } from './metrics';
import { breadcrumb, MetricFloorError, raise, resolveClient } from './report';
import type { MetricTags, ReportingOptions } from './types';

export interface RateMonitorOptions extends ReportingOptions {
  /** Fewest events expected over the window. */
  min: number;
  /** The sliding window. */
  windowMs: number;
  /** Slices the window is counted in; it slides one slice at a time. Default 10. */
  slices?: number;
}

export interface RateMonitor {
  stop(): void;
  /** Events counted over the current window. */
  readonly count: number;
  readonly breached: boolean;
}

export interface CountEventOptions {
  sinks?: ReportingOptions['sinks'];
  tags?: MetricTags;
}

/** Live rate monitors by event name; only monitored names keep counts (no unbounded map of names). One map per process. */
const monitors = processWide('rateMonitors', () => new Map<string, Set<SlidingRate>>());

/**
 * A window of `slices` buckets advanced by its own timer, so the window is exact in ticks and
 * needs no wall clock (and fake timers drive it in tests).
 */
class SlidingRate implements RateMonitor {
  breached = false;
  private readonly buckets: number[];
  private current = 0;
  private filled = 0;
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly metrics: MetricEmitter;

  constructor(
    private readonly name: string,
    private readonly min: number,
    private readonly windowMs: number,
    slices: number,
    private readonly options: ReportingOptions,
  ) {
    this.buckets = new Array<number>(slices).fill(0);
    this.metrics = new MetricEmitter(options.sinks, options.tags);
    this.timer = setInterval(() => this.tick(), windowMs / slices);
    (this.timer as { unref?: () => void }).unref?.();
  }

  get count(): number {
    let sum = this.current;
    for (const b of this.buckets) sum += b;
    return sum;
  }

  add(n: number): void {
    this.current += n;
  }

  stop(): void {
    clearInterval(this.timer);
    const set = monitors.get(this.name);
    set?.delete(this);
    if (set && set.size === 0) monitors.delete(this.name);
  }

  private tick(): void {
    // The oldest slice leaves the window, the slice just closed enters it.
    this.buckets.shift();
    this.buckets.push(this.current);
    this.current = 0;
    // Judge only once a full window has been observed: a fresh monitor has seen nothing yet.
    if (this.filled < this.buckets.length) this.filled++;
    if (this.filled < this.buckets.length) return;
    const count = this.count;
    this.metrics.gauge(metricName('event', this.name, 'window'), count);
    const client = resolveClient(this.options.client);
    if (count < this.min && !this.breached) {
      this.breached = true;
      this.metrics.increment(metricName('event', this.name, 'below_floor'));
      raise(client, {
        error: new MetricFloorError(`"${this.name}" fell to ${count} in ${this.windowMs} ms (floor ${this.min})`),
        level: 'warning',
        fingerprint: ['metric-floor', this.name],
        tags: { ...this.options.tags, metric: this.name },
        context: { name: 'metric', data: { name: this.name, count, min: this.min, windowMs: this.windowMs } },
      });
    } else if (count >= this.min && this.breached) {
      this.breached = false;
      breadcrumb(client, 'metric.floor', `"${this.name}" is back to ${count} in ${this.windowMs} ms (floor ${this.min})`, {
        metric: this.name,
        count,
        min: this.min,
      });
    }
  }
}

/** Reads the default sinks at each call, so setMetricSinks after import still applies. */
const defaultMetrics = new MetricEmitter(undefined, undefined);

/** Counts a business event (a paid order, a successful login): to the sinks, and to any rate monitor of that name. */
export function countEvent(name: string, n = 1, options: CountEventOptions = {}): void {
  try {
    const amount = Number.isFinite(n) ? n : 1;
    const eventName = String(name);
    const set = monitors.get(eventName);
    if (set) for (const m of set) m.add(amount);
    const metrics = options.sinks || options.tags ? new MetricEmitter(options.sinks, options.tags) : defaultMetrics;
    metrics.increment(metricName('event', eventName), amount);
  } catch {
    /* counting must never break the code path that sold something */
  }
}

/** Reports a warning when the count of `name` over the last `windowMs` falls below `min`; once per breach, a breadcrumb on recovery. */
export function monitorRate(name: string, options: RateMonitorOptions): RateMonitor {
  const windowMs = Number(options?.windowMs);
  const min = Number(options?.min);
  if (!Number.isFinite(windowMs) || windowMs <= 0) throw new TypeError('[bugmastery] monitorRate: option "windowMs" must be a positive number');
  if (!Number.isFinite(min) || min < 0) throw new TypeError('[bugmastery] monitorRate: option "min" must be a number ≥ 0');
  const slices = Math.max(1, Math.min(1000, Math.floor(options.slices ?? 10)));
  const eventName = String(name);
  const monitor = new SlidingRate(eventName, min, windowMs, slices, options);
  let set = monitors.get(eventName);
  if (!set) monitors.set(eventName, (set = new Set()));
  set.add(monitor);
  return monitor;
}
