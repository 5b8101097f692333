import type { Client } from '@bugmastery/core';
import { RecentSamples } from './baseline';
import { monotonicNow } from './clock';
import { recordBeat } from './heartbeat';
import { MetricEmitter, metricName } from './metrics';
import { breadcrumb, JobTimeoutError, plainArgs, raise, resolveClient, SlowJobError } from './report';
import type { InstrumentJobOptions, JobRunInfo, MetricTags } from './types';

export const DEFAULT_BASELINE_SIZE = 100;
export const DEFAULT_MIN_SAMPLES = 20;
/** Below this a run is never slow by factor alone: scheduling jitter and GC pauses reach tens of ms. */
export const DEFAULT_SLOW_FACTOR_FLOOR_MS = 100;

export type JobOutcome = 'ok' | 'failed';

export interface JobRunStart extends JobRunInfo {
  args?: readonly unknown[];
}

/** One run in progress. `end` is idempotent: a runner may report the same end twice. */
export interface JobRun {
  readonly client: Client | undefined;
  end(outcome: 'ok'): void;
  end(outcome: 'failed', error: unknown): void;
}

type TrackerOptions = Omit<InstrumentJobOptions, 'runInfo'>;

/**
 * Everything the job helper knows about one job name: its recent durations (the slow
 * baseline), thresholds, sinks and client. instrumentJob and the BullMQ adapter both feed it runs.
 */
export class JobTracker {
  readonly baseline: RecentSamples;
  private readonly metrics: MetricEmitter;
  private readonly minSamples: number;
  private readonly floorMs: number;
  private readonly now: () => number;

  constructor(
    readonly name: string,
    private readonly options: TrackerOptions = {},
  ) {
    this.baseline = new RecentSamples(positive(options.baselineSize) ?? DEFAULT_BASELINE_SIZE);
    this.minSamples = positive(options.minSamples) ?? DEFAULT_MIN_SAMPLES;
    this.floorMs = nonNegative(options.slowFactorFloorMs) ?? DEFAULT_SLOW_FACTOR_FLOOR_MS;
    this.now = typeof options.now === 'function' ? options.now : monotonicNow;
    this.metrics = new MetricEmitter(options.sinks, options.tags);
  }

  start(info: JobRunStart = {}): JobRun {
    const started = this.now();
    const client = resolveClient(this.options.client);
    const tags = info.tags;
    let ended = false;
    let timedOut = false;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const timeoutMs = positive(this.options.timeoutMs);
    if (timeoutMs !== undefined) {
      timer = setTimeout(() => {
        if (ended) return;
        timedOut = true;
        const durationMs = this.now() - started;
        this.metrics.increment(metricName('job', this.name, 'timeout'), 1, tags);
        raise(client, {
          error: new JobTimeoutError(`job "${this.name}" still running after ${Math.round(durationMs)} ms (timeoutMs ${timeoutMs})`),
          level: 'error',
          fingerprint: ['job-timeout', this.name],
          tags: this.eventTags(tags),
          context: { name: 'job', data: { ...this.jobContext(info), durationMs: round(durationMs), timeoutMs } },
        });
      }, timeoutMs);
      // A watchdog must not keep a finished process alive.
      (timer as { unref?: () => void }).unref?.();
    }

    const end = (outcome: JobOutcome, error?: unknown): void => {
      if (ended) return;
      ended = true;
      if (timer !== undefined) clearTimeout(timer);
      try {
        const durationMs = this.now() - started;
        this.metrics.timing(metricName('job', this.name, 'duration'), round(durationMs), tags);
        this.metrics.increment(metricName('job', this.name, outcome), 1, tags);
        if (outcome === 'failed') this.reportFailure(client, info, error, durationMs);
        else {
          if (!timedOut) this.judgeSpeed(client, info, durationMs);
          this.baseline.add(durationMs);
          recordBeat(this.name);
        }
      } catch {
        /* reporting must never change how the job ends */
      }
    };
    return { client, end: end as JobRun['end'] };
  }

  private reportFailure(client: Client | undefined, info: JobRunStart, error: unknown, durationMs: number): void {
    if (!client) return;
    try {
      const job: Record<string, unknown> = { ...this.jobContext(info), durationMs: round(durationMs) };
      if (info.args && this.options.captureArgs !== false) job.args = plainArgs(info.args);
      client.captureException(error, {
        level: 'error',
        handled: true,
        mechanism: 'job',
        tags: this.eventTags(info.tags),
        contexts: { job },
      });
    } catch {
      /* never into the app */
    }
  }

  private judgeSpeed(client: Client | undefined, info: JobRunStart, durationMs: number): void {
    const absolute = positive(this.options.slowAfterMs);
    const factor = positive(this.options.slowFactor);
    let thresholdMs: number | undefined;
    let reason: 'slowAfterMs' | 'slowFactor' | undefined;
    let p95: number | undefined;
    if (absolute !== undefined && durationMs > absolute) {
      thresholdMs = absolute;
      reason = 'slowAfterMs';
    }
    if (factor !== undefined && this.baseline.count >= this.minSamples) {
      p95 = this.baseline.percentile(95);
      // The floor keeps jitter on a near-0 ms p95 from counting as "factor× slower".
      const factorThresholdMs = p95 === undefined ? undefined : Math.max(factor * p95, this.floorMs);
      if (factorThresholdMs !== undefined && durationMs > factorThresholdMs && reason === undefined) {
        thresholdMs = factorThresholdMs;
        reason = 'slowFactor';
      }
    }
    if (reason === undefined || thresholdMs === undefined) return;
    this.metrics.increment(metricName('job', this.name, 'slow'), 1, info.tags);
    const baseline = p95 === undefined ? 'no baseline yet' : `p95 ${round(p95)} ms over ${this.baseline.count} runs`;
    raise(client, {
      error: new SlowJobError(`job "${this.name}" took ${Math.round(durationMs)} ms (threshold ${Math.round(thresholdMs)} ms, ${baseline})`),
      level: 'warning',
      fingerprint: ['job-slow', this.name],
      tags: this.eventTags(info.tags),
      context: {
        name: 'job',
        data: {
          ...this.jobContext(info),
          durationMs: round(durationMs),
          thresholdMs: round(thresholdMs),
          reason,
          slowAfterMs: absolute,
          slowFactor: factor,
          slowFactorFloorMs: factor === undefined ? undefined : this.floorMs,
          baselineP95Ms: p95 === undefined ? undefined : round(p95),
          baselineSamples: this.baseline.count,
        },
      },
    });
    breadcrumb(client, 'job.slow', `job "${this.name}" was slow: ${Math.round(durationMs)} ms`, { job: this.name, durationMs: round(durationMs) });
  }

  private jobContext(info: JobRunInfo): Record<string, unknown> {
    const ctx: Record<string, unknown> = { ...info.context, name: this.name };
    if (info.id !== undefined) ctx.id = info.id;
    if (info.attempt !== undefined) ctx.attempt = info.attempt;
    return ctx;
  }

  private eventTags(extra: MetricTags | undefined): Record<string, string> {
    return { ...this.options.tags, ...extra, job: this.name };
  }
}

function positive(n: number | undefined): number | undefined {
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined;
}

function nonNegative(n: number | undefined): number | undefined {
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined;
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
