import type { Client } from '@bugmastery/core';

/** Tags on a metric: `{ queue: 'mail' }` → DogStatsD `|#queue:mail`, Influx `,queue=mail`. */
export type MetricTags = Record<string, string>;

/**
 * Where job timings and counters go (StatsD, InfluxDB, your own). Every method must be cheap and
 * must not throw; the job helper still guards each call so a broken sink never breaks a job.
 */
export interface MetricSink {
  timing(name: string, ms: number, tags?: MetricTags): void;
  increment(name: string, n?: number, tags?: MetricTags): void;
  gauge?(name: string, value: number, tags?: MetricTags): void;
  /** Sends what is buffered; resolves when it is out (never rejects). */
  flush?(): Promise<void>;
  /** Flushes and releases sockets and timers. */
  close?(): Promise<void> | void;
}

/** Who gets told and where metrics go; every monitor accepts these. */
export interface ReportingOptions {
  /** Default: the client `init` installed, looked up at run time (none → metrics only). */
  client?: Client;
  /** Default: the sinks given to `setMetricSinks`. */
  sinks?: MetricSink[];
  /** Added to every metric and to captured events. */
  tags?: MetricTags;
}

/** What a runner knows about one run (BullMQ: job id, attempt, queue). */
export interface JobRunInfo {
  id?: string;
  attempt?: number;
  /** Added to metrics and to the event's tags. */
  tags?: MetricTags;
  /** Added to the event's `job` context (queue, timestamps…). */
  context?: Record<string, unknown>;
}

export interface InstrumentJobOptions<A extends unknown[] = unknown[]> extends ReportingOptions {
  /** A run longer than this is reported as slow (warning). */
  slowAfterMs?: number;
  /** A run longer than slowFactor × p95 of the job's recent successful runs is reported as slow. */
  slowFactor?: number;
  /**
   * slowFactor only reports runs longer than this too: a job whose p95 is 2 ms is not "slow" at
   * 8 ms because of a GC pause or a busy event loop. Default 100; 0 judges the factor alone.
   */
  slowFactorFloorMs?: number;
  /** Recent runs the p95 is taken over. Default 100. */
  baselineSize?: number;
  /** Runs needed before slowFactor judges. Default 20. */
  minSamples?: number;
  /** A run still going after this long is reported (it is not stopped). */
  timeoutMs?: number;
  /** Reads id/attempt/tags of a run from its arguments. */
  runInfo?: (...args: A) => JobRunInfo | undefined;
  /** Arguments are attached, scrubbed, to failure events. Default true. */
  captureArgs?: boolean;
  /** Monotonic milliseconds runs are timed with. Default `performance.now`; tests inject a clock. */
  now?: () => number;
}
