import type { Logger } from '@bugmastery/core';
import { RecentSamples } from './baseline';
import { type MetricEmitter, metricName } from './metrics';
import { breadcrumb, MetricDropError, raise, resolveClient } from './report';
import type { ReportingOptions } from './types';

/** One closed window of a rate monitor. */
export interface RateWindow {
  /** The event name, as given to countEvent. */
  name: string;
  start: Date;
  end: Date;
  windowMs: number;
}

/**
 * The count expected for a window: the app's own model, a metrics store (`influxBaseline`), a
 * constant. May be async; it is bounded by `baselineTimeoutMs`.
 */
export type RateBaseline = (windowStart: Date, window: RateWindow) => number | Promise<number>;

export const DEFAULT_BASELINE_WINDOWS = 12;
export const DEFAULT_BASELINE_TIMEOUT_MS = 5000;

export interface DropJudgeOptions extends ReportingOptions {
  name: string;
  windowMs: number;
  dropBelow: number;
  baselineWindows: number;
  baseline?: RateBaseline;
  baselineTimeoutMs: number;
  logger?: Logger;
}

interface Expected {
  value: number;
  source: 'rolling median' | 'baseline' | 'rolling median (fallback)';
}

/**
 * Judges each closed window against what is usual for it: the median of the previous
 * `baselineWindows` windows, or an external baseline (falling back to that median when it cannot
 * answer). One MetricDropError per breach, a breadcrumb on recovery.
 */
export class DropJudge {
  belowBaseline = false;
  lastBaseline: number | undefined;
  private readonly history: RecentSamples;
  private queue: Promise<void> = Promise.resolve();
  private saidFallback = false;

  constructor(
    private readonly options: DropJudgeOptions,
    private readonly metrics: MetricEmitter,
  ) {
    this.history = new RecentSamples(options.baselineWindows);
  }

  /** A window closed with `count` events. Judged in order, asynchronously when the baseline is. */
  windowClosed(count: number, start: Date, end: Date): void {
    // The median of the windows BEFORE this one: a collapse must not drag its own baseline down.
    const rolling = this.history.count >= this.options.baselineWindows ? this.history.median() : undefined;
    this.history.add(count);
    this.queue = this.queue.then(() => this.judge(count, { name: this.options.name, start, end, windowMs: this.options.windowMs }, rolling)).catch(() => undefined);
  }

  /** Resolves once every closed window has been judged. */
  settled(): Promise<void> {
    return this.queue;
  }

  private async judge(count: number, window: RateWindow, rolling: number | undefined): Promise<void> {
    const expected = await this.expected(window, rolling);
    if (expected === undefined) return; // not enough history yet: no opinion
    const { name, dropBelow, windowMs } = this.options;
    this.lastBaseline = expected.value;
    this.metrics.gauge(metricName('event', name, 'baseline'), expected.value);
    const client = resolveClient(this.options.client);
    // A baseline of 0 expects nothing: a quiet window is never a drop.
    const dropped = expected.value > 0 && count < dropBelow * expected.value;
    if (dropped && !this.belowBaseline) {
      this.belowBaseline = true;
      const ratio = round(count / expected.value);
      this.metrics.increment(metricName('event', name, 'below_baseline'));
      raise(client, {
        error: new MetricDropError(
          `"${name}" fell to ${count} in ${windowMs} ms: ${Math.round(ratio * 100)}% of its baseline ${round(expected.value)} (alert below ${Math.round(dropBelow * 100)}%)`,
        ),
        level: 'warning',
        fingerprint: ['metric-drop', name],
        tags: { ...this.options.tags, metric: name },
        context: {
          name: 'metric',
          data: {
            name,
            observed: count,
            baseline: round(expected.value),
            ratio,
            dropBelow,
            windowMs,
            windowStart: window.start.toISOString(),
            baselineSource: expected.source,
          },
        },
      });
    } else if (!dropped && this.belowBaseline) {
      this.belowBaseline = false;
      breadcrumb(client, 'metric.drop', `"${name}" is back to ${count} in ${windowMs} ms (baseline ${round(expected.value)})`, {
        metric: name,
        observed: count,
        baseline: round(expected.value),
      });
    }
  }

  private async expected(window: RateWindow, rolling: number | undefined): Promise<Expected | undefined> {
    const fromRolling = (source: Expected['source']): Expected | undefined => (rolling === undefined ? undefined : { value: rolling, source });
    const baseline = this.options.baseline;
    if (!baseline) return fromRolling('rolling median');
    try {
      const value = await withTimeout(
        Promise.resolve().then(() => baseline(window.start, window)),
        this.options.baselineTimeoutMs,
      );
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new Error(`it returned ${String(value)}, not a count`);
      return { value, source: 'baseline' };
    } catch (err) {
      this.sayFallbackOnce(err);
      return fromRolling('rolling median (fallback)');
    }
  }

  private sayFallbackOnce(err: unknown): void {
    if (this.saidFallback) return;
    this.saidFallback = true;
    const reason = err instanceof Error ? err.message : String(err);
    const message =
      `[bugmastery] monitorRate("${this.options.name}"): the baseline did not answer (${reason}); ` +
      `drops are judged against the median of the last ${this.options.baselineWindows} windows instead, once there are that many`;
    try {
      if (this.options.logger) this.options.logger.warn(message);
      else console.warn(message);
    } catch {
      /* a broken logger must not break monitoring */
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
    (timer as { unref?: () => void }).unref?.();
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
