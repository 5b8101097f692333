import { processWide } from '@bugmastery/core/internal';
import { MetricEmitter, metricName } from './metrics';
import { breadcrumb, MissedJobError, raise, resolveClient } from './report';
import type { ReportingOptions } from './types';

export interface HeartbeatOptions extends ReportingOptions {
  /** How often the job is expected to complete. */
  everyMs: number;
  /** Extra slack before a window counts as missed. Default 0. */
  graceMs?: number;
}

export interface Heartbeat {
  /** Counts as a completed run (for jobs not wrapped with instrumentJob). */
  beat(): void;
  stop(): void;
  /** Windows missed since the last beat. */
  readonly missed: number;
}

/** Live monitors by job name: instrumentJob's successful runs beat them (from either build: one map per process). */
const monitors = processWide('heartbeats', () => new Map<string, Set<HeartbeatMonitor>>());

/** A successful run of `name` (called by the job tracker). */
export function recordBeat(name: string): void {
  const set = monitors.get(name);
  if (!set) return;
  for (const m of set) m.beat();
}

class HeartbeatMonitor implements Heartbeat {
  missed = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private readonly metrics: MetricEmitter;

  constructor(
    private readonly name: string,
    private readonly everyMs: number,
    private readonly graceMs: number,
    private readonly options: ReportingOptions,
  ) {
    this.metrics = new MetricEmitter(options.sinks, options.tags);
    this.arm(everyMs + graceMs);
  }

  beat(): void {
    if (this.stopped) return;
    if (this.missed > 0) {
      const client = resolveClient(this.options.client);
      breadcrumb(client, 'job.heartbeat', `job "${this.name}" ran again after ${this.missed} missed window(s)`, {
        job: this.name,
        missedWindows: this.missed,
      });
      this.metrics.increment(metricName('job', this.name, 'recovered'));
    }
    this.missed = 0;
    this.arm(this.everyMs + this.graceMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    const set = monitors.get(this.name);
    set?.delete(this);
    if (set && set.size === 0) monitors.delete(this.name);
  }

  private arm(ms: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.onMissed(), ms);
    // Watching must not keep the process alive.
    (this.timer as { unref?: () => void }).unref?.();
  }

  /** One report per window that passed without a run; the next window starts now. */
  private onMissed(): void {
    if (this.stopped) return;
    this.missed++;
    this.metrics.increment(metricName('job', this.name, 'missed'));
    raise(resolveClient(this.options.client), {
      error: new MissedJobError(`job "${this.name}" has not completed in ${this.missed} window(s) of ${this.everyMs} ms`),
      level: 'error',
      fingerprint: ['job-missed', this.name],
      tags: { ...this.options.tags, job: this.name },
      context: { name: 'job', data: { name: this.name, everyMs: this.everyMs, graceMs: this.graceMs, missedWindows: this.missed } },
    });
    this.arm(this.everyMs);
  }
}

/** Reports when a job that should complete every `everyMs` (plus `graceMs`) has not. Returns `{ beat, stop }`. */
export function monitorHeartbeat(name: string, options: HeartbeatOptions): Heartbeat {
  const everyMs = Number(options?.everyMs);
  if (!Number.isFinite(everyMs) || everyMs <= 0) throw new TypeError('[bugmastery] monitorHeartbeat: option "everyMs" must be a positive number');
  const graceMs = Math.max(0, Number(options.graceMs ?? 0) || 0);
  const jobName = String(name);
  const monitor = new HeartbeatMonitor(jobName, everyMs, graceMs, options);
  let set = monitors.get(jobName);
  if (!set) monitors.set(jobName, (set = new Set()));
  set.add(monitor);
  return monitor;
}
