import { createClient, type Client, type Event, type Options } from '@bugmastery/core';
import type { MetricSink, MetricTags } from '../../src/jobs';

/** A client whose one transport is local: `write()` keeps every delivered event. */
export function recordingClient(options: Partial<Options> = {}): { client: Client; events: Event[] } {
  const events: Event[] = [];
  const client = createClient({
    environment: 'test',
    dedupeWindowMs: 0,
    rateLimit: { perFingerprint: { max: 1000, intervalMs: 60_000 }, global: { max: 1000, intervalMs: 60_000 } },
    logger: { warn: () => undefined, error: () => undefined },
    ...options,
    transports: [{ name: 'recording', write: (batch: Event[]) => void events.push(...batch) }],
  });
  return { client, events };
}

export interface Recorded {
  kind: 'timing' | 'increment' | 'gauge';
  name: string;
  value: number;
  tags?: MetricTags;
}

/** A sink that keeps every call, with per-name counter totals. */
export function recordingSink(): MetricSink & { calls: Recorded[]; total(name: string): number; timings(name: string): Recorded[] } {
  const calls: Recorded[] = [];
  return {
    calls,
    timing: (name, ms, tags) => void calls.push({ kind: 'timing', name, value: ms, tags }),
    increment: (name, n = 1, tags) => void calls.push({ kind: 'increment', name, value: n, tags }),
    gauge: (name, value, tags) => void calls.push({ kind: 'gauge', name, value, tags }),
    total: (name) => calls.filter((c) => c.kind === 'increment' && c.name === name).reduce((s, c) => s + c.value, 0),
    timings: (name) => calls.filter((c) => c.kind === 'timing' && c.name === name),
  };
}

/** Resolves after the current macrotask: pending microtasks and rejection checks have run. */
export const macrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A clock tests move by hand: `now` for the code under test, `advance`/`spend` for the test. */
export function manualClock(start = 0): { now: () => number; advance(ms: number): void; spend(ms: number): Promise<void> } {
  let t = start;
  return {
    now: () => t,
    advance: (ms) => void (t += ms),
    // An async job that "takes" ms: the time passes, then the job yields once like real I/O would.
    spend: async (ms) => {
      t += ms;
      await Promise.resolve();
    },
  };
}

/** The job context of an event, typed loosely for assertions. */
export function jobContext(event: Event): Record<string, unknown> {
  return (event.contexts.job ?? {}) as Record<string, unknown>;
}
