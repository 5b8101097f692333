import type { Logger } from '@bugmastery/core';
import { processWide } from '@bugmastery/core/internal';
import { DEFAULT_BASELINE_TIMEOUT_MS, DEFAULT_BASELINE_WINDOWS, DropJudge, type RateBaseline } from './drop';
import { MetricEmitter, metricName } from './metrics';
import { breadcrumb, MetricFloorError, raise, resolveClient } from './report';
import type { MetricTags, ReportingOptions } from './types';

export interface RateMonitorOptions extends ReportingOptions {
  /** Fewest events expected over the window (a fixed floor). Give `min`, `dropBelow`, or both. */
  min?: number;
  /** The window. The floor is judged on it sliding; drops on each full window, back to back. */
  windowMs: number;
  /** Slices the window is counted in; it slides one slice at a time. Default 10. */
  slices?: number;
  /** A window whose count is under `dropBelow × baseline` is a drop (0 < dropBelow ≤ 1, e.g. 0.5). */
  dropBelow?: number;
  /** Windows the rolling median baseline is taken over; no drop is judged before there are that many. Default 12. */
  baselineWindows?: number;
  /** The expected count of a window, instead of the rolling median (which stays the fallback), e.g. `influxBaseline(…)`. */
  baseline?: RateBaseline;
  /** Longest wait for an async `baseline`; after it, the rolling median judges that window. Default 5000. */
  baselineTimeoutMs?: number;
  /** Wall clock (ms since the epoch) that dates windows. Default `Date.now`; tests inject one. */
  now?: () => number;
  /** Where the one "baseline unavailable" warning goes. Default `console`. */
  logger?: Logger;
}

export interface RateMonitor {
  stop(): void;
  /** Events counted over the current window. */
  readonly count: number;
  /** Below the floor (`min`). */
  readonly breached: boolean;
  /** The last full window was a drop against its baseline (`dropBelow`). */
  readonly belowBaseline: boolean;
  /** The expected count the last full window was judged against (undefined before the first judgement). */
  readonly baseline: number | undefined;
  /** Resolves once every full window so far has been judged (an async baseline answered or timed out). */
  settled(): Promise<void>;
}

export interface CountEventOptions {
  sinks?: ReportingOptions['sinks'];
  tags?: MetricTags;
}

/** Live rate monitors by event name; only monitored names keep counts (no unbounded map of names). One map per process. */
const monitors = processWide('rateMonitors', () => new Map<string, Set<SlidingRate>>());

/**
 * A window of `slices` buckets advanced by its own timer, so the window is exact in ticks and
 * needs no wall clock (and fake timers drive it in tests). Every `slices` ticks a full window has
 * closed: that is the unit the drop judge compares with its past.
 */
class SlidingRate implements RateMonitor {
  breached = false;
  private readonly buckets: number[];
  private current = 0;
  private ticks = 0;
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly metrics: MetricEmitter;
  private readonly now: () => number;
  private readonly judge: DropJudge | undefined;

  constructor(
    private readonly name: string,
    private readonly min: number | undefined,
    private readonly windowMs: number,
    slices: number,
    private readonly options: ReportingOptions & Pick<RateMonitorOptions, 'now'>,
    private readonly drops: ((metrics: MetricEmitter) => DropJudge) | undefined,
  ) {
    this.buckets = new Array<number>(slices).fill(0);
    this.metrics = new MetricEmitter(options.sinks, options.tags);
    this.now = typeof options.now === 'function' ? options.now : Date.now;
    this.judge = drops?.(this.metrics);
    this.timer = setInterval(() => this.tick(), windowMs / slices);
    (this.timer as { unref?: () => void }).unref?.();
  }

  get count(): number {
    let sum = this.current;
    for (const b of this.buckets) sum += b;
    return sum;
  }

  get belowBaseline(): boolean {
    return this.judge?.belowBaseline ?? false;
  }

  get baseline(): number | undefined {
    return this.judge?.lastBaseline;
  }

  settled(): Promise<void> {
    return this.judge?.settled() ?? Promise.resolve();
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
    this.ticks++;
    // Judge only once a full window has been observed: a fresh monitor has seen nothing yet.
    if (this.ticks < this.buckets.length) return;
    const count = this.count;
    this.metrics.gauge(metricName('event', this.name, 'window'), count);
    if (this.min !== undefined) this.judgeFloor(count, this.min);
    if (this.judge && this.ticks % this.buckets.length === 0) {
      const end = this.now();
      this.judge.windowClosed(count, new Date(end - this.windowMs), new Date(end));
    }
  }

  private judgeFloor(count: number, min: number): void {
    this.metrics.gauge(metricName('event', this.name, 'floor'), min);
    const client = resolveClient(this.options.client);
    if (count < min && !this.breached) {
      this.breached = true;
      this.metrics.increment(metricName('event', this.name, 'below_floor'));
      raise(client, {
        error: new MetricFloorError(`"${this.name}" fell to ${count} in ${this.windowMs} ms (floor ${min})`),
        level: 'warning',
        fingerprint: ['metric-floor', this.name],
        tags: { ...this.options.tags, metric: this.name },
        context: { name: 'metric', data: { name: this.name, count, min, windowMs: this.windowMs } },
      });
    } else if (count >= min && this.breached) {
      this.breached = false;
      breadcrumb(client, 'metric.floor', `"${this.name}" is back to ${count} in ${this.windowMs} ms (floor ${min})`, {
        metric: this.name,
        count,
        min,
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

const invalid = (what: string) => new TypeError(`[bugmastery] monitorRate: ${what}`);

/**
 * Watches the count of `name` over `windowMs`: below a fixed floor (`min`, judged as the window
 * slides) and/or below `dropBelow ×` its baseline (judged per full window). One warning per breach,
 * a breadcrumb on recovery.
 */
export function monitorRate(name: string, options: RateMonitorOptions): RateMonitor {
  const windowMs = Number(options?.windowMs);
  if (!Number.isFinite(windowMs) || windowMs <= 0) throw invalid('option "windowMs" must be a positive number');
  const min = options.min === undefined ? undefined : Number(options.min);
  if (min !== undefined && (!Number.isFinite(min) || min < 0)) throw invalid('option "min" must be a number ≥ 0');
  const dropBelow = options.dropBelow === undefined ? undefined : Number(options.dropBelow);
  if (dropBelow !== undefined && !(dropBelow > 0 && dropBelow <= 1)) throw invalid('option "dropBelow" must be a number in (0, 1], e.g. 0.5');
  if (min === undefined && dropBelow === undefined) throw invalid('give "min" (a floor), "dropBelow" (against the baseline), or both');
  if (options.baseline !== undefined && typeof options.baseline !== 'function') throw invalid('option "baseline" must be a function (windowStart) => number, e.g. influxBaseline(…)');
  if (options.baseline !== undefined && dropBelow === undefined) throw invalid('option "baseline" needs "dropBelow"');
  const baselineWindows = Math.max(1, Math.min(1000, Math.floor(Number(options.baselineWindows ?? DEFAULT_BASELINE_WINDOWS)) || DEFAULT_BASELINE_WINDOWS));
  const timeout = Number(options.baselineTimeoutMs ?? DEFAULT_BASELINE_TIMEOUT_MS);
  const baselineTimeoutMs = Number.isFinite(timeout) && timeout > 0 ? Math.min(timeout, 2 ** 31 - 1) : DEFAULT_BASELINE_TIMEOUT_MS;
  const slices = Math.max(1, Math.min(1000, Math.floor(options.slices ?? 10)));
  const eventName = String(name);
  const drops =
    dropBelow === undefined
      ? undefined
      : (metrics: MetricEmitter) =>
          new DropJudge(
            { ...options, name: eventName, windowMs, dropBelow, baselineWindows, baseline: options.baseline, baselineTimeoutMs, logger: options.logger },
            metrics,
          );
  const monitor = new SlidingRate(eventName, min, windowMs, slices, options, drops);
  let set = monitors.get(eventName);
  if (!set) monitors.set(eventName, (set = new Set()));
  set.add(monitor);
  return monitor;
}
