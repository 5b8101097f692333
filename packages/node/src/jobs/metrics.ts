import { processWide } from '@bugmastery/core/internal';
import type { MetricSink, MetricTags } from './types';

/** One set of default sinks per process, whichever build (ESM or CommonJS) set them. */
const defaults = processWide('metricSinks', () => ({ sinks: [] as MetricSink[] }));

/** The sinks every job helper uses when it is not given its own (`countEvent` has no other way to get them). */
export function setMetricSinks(sinks: MetricSink[]): void {
  defaults.sinks = Array.isArray(sinks) ? sinks.slice() : [];
}

export function getMetricSinks(): MetricSink[] {
  return defaults.sinks;
}

const warned = new Set<string>();

/** One console line per broken sink method: metrics are never worth flooding the app's logs. */
function warnOnce(what: string, err: unknown): void {
  if (warned.has(what) || warned.size > 100) return;
  warned.add(what);
  try {
    console.warn(`[bugmastery] metric sink failed in ${what}: ${err instanceof Error ? err.message : String(err)}`);
  } catch {
    /* nothing left to tell */
  }
}

/** Runs one sink call: a throw, or a rejected promise from an async sink, is logged once and goes no further. */
function guarded(what: string, call: () => unknown): void {
  try {
    const result = call() as { then?: unknown } | undefined;
    if (result && typeof result.then === 'function') (result as Promise<unknown>).then(undefined, (err: unknown) => warnOnce(what, err));
  } catch (err) {
    warnOnce(what, err);
  }
}

/** Fan-out to sinks with each call guarded: a broken sink must never change how a job runs. */
export class MetricEmitter {
  constructor(
    private readonly sinks: MetricSink[] | undefined,
    private readonly baseTags: MetricTags | undefined,
  ) {}

  private get targets(): MetricSink[] {
    return this.sinks ?? defaults.sinks;
  }

  private tags(extra?: MetricTags): MetricTags | undefined {
    if (!extra) return this.baseTags;
    if (!this.baseTags) return extra;
    return { ...this.baseTags, ...extra };
  }

  timing(name: string, ms: number, extra?: MetricTags): void {
    const tags = this.tags(extra);
    for (const sink of this.targets) {
      guarded('timing', () => sink.timing(name, ms, tags));
    }
  }

  increment(name: string, n = 1, extra?: MetricTags): void {
    const tags = this.tags(extra);
    for (const sink of this.targets) {
      guarded('increment', () => sink.increment(name, n, tags));
    }
  }

  gauge(name: string, value: number, extra?: MetricTags): void {
    const tags = this.tags(extra);
    for (const sink of this.targets) {
      guarded('gauge', () => sink.gauge?.(name, value, tags));
    }
  }
}

/** `job.<name>.<what>` with the job name made safe for StatsD and Influx keys. */
export function metricName(kind: 'job' | 'event', name: string, what?: string): string {
  const safe = metricSegment(name);
  return what ? `${kind}.${safe}.${what}` : `${kind}.${safe}`;
}

export function metricSegment(name: string): string {
  return String(name).replace(/[^A-Za-z0-9_.-]+/g, '_') || '_';
}
