import { runInScope } from './job-scope';
import { JobTracker, type JobRun } from './tracker';
import { resolveClient } from './report';
import type { InstrumentJobOptions, JobRunInfo } from './types';

/** The parts of a BullMQ `Job` the adapter reads (structural, so bullmq stays the app's dependency). */
export interface BullMQJobLike {
  id?: string;
  name: string;
  queueName: string;
  attemptsMade: number;
  /** BullMQ ≥ 5: counts the attempt that is starting. */
  attemptsStarted?: number;
  data?: unknown;
  timestamp?: number;
}

/** The parts of a BullMQ `Worker` the adapter uses. */
export interface BullMQWorkerLike {
  /** The queue name. */
  readonly name: string;
  on(event: 'active', listener: (job: BullMQJobLike) => void): unknown;
  on(event: 'completed', listener: (job: BullMQJobLike) => void): unknown;
  on(event: 'failed', listener: (job: BullMQJobLike | undefined, error: Error) => void): unknown;
  off(event: 'active' | 'completed' | 'failed', listener: (...args: never[]) => void): unknown;
}

export interface BullMQOptions extends Omit<InstrumentJobOptions, 'runInfo'> {
  /** The job name used in metrics and events. Default: the BullMQ job name. */
  name?: string | ((job: BullMQJobLike) => string);
}

export interface BullMQInstrumentation {
  /** Removes the listeners; runs in progress are forgotten. */
  stop(): void;
}

/** Runs started but not ended are kept at most this many (a stalled job may never report its end). */
const MAX_OPEN_RUNS = 10_000;

function trackers(options: BullMQOptions): (job: BullMQJobLike) => JobTracker {
  const byName = new Map<string, JobTracker>();
  const { name, ...trackerOptions } = options;
  return (job) => {
    let jobName: string;
    try {
      jobName = typeof name === 'function' ? String(name(job)) : name ?? String(job.name || job.queueName || 'bullmq');
    } catch {
      jobName = String(job.name || job.queueName || 'bullmq');
    }
    let tracker = byName.get(jobName);
    if (!tracker) byName.set(jobName, (tracker = new JobTracker(jobName, trackerOptions)));
    return tracker;
  };
}

function runInfoOf(job: BullMQJobLike): JobRunInfo {
  const attempt = typeof job.attemptsStarted === 'number' && job.attemptsStarted > 0 ? job.attemptsStarted : (job.attemptsMade ?? 0) + 1;
  const context: Record<string, unknown> = { queue: job.queueName, bullmqName: job.name };
  if (typeof job.timestamp === 'number') context.enqueuedAt = new Date(job.timestamp).toISOString();
  return { id: job.id === undefined ? undefined : String(job.id), attempt, tags: { queue: String(job.queueName) }, context };
}

/**
 * Wraps a BullMQ processor: each job is timed, counted and reported with its id, queue and
 * attempt. Use it where you create the Worker: `new Worker('mail', instrumentBullMQProcessor(fn))`.
 */
export function instrumentBullMQProcessor<J extends BullMQJobLike, R, Rest extends unknown[]>(
  processor: (job: J, ...rest: Rest) => Promise<R> | R,
  options: BullMQOptions = {},
): (job: J, ...rest: Rest) => Promise<R> {
  const trackerFor = trackers(options);
  return async function instrumentedProcessor(this: unknown, job: J, ...rest: Rest): Promise<R> {
    const info = runInfoOf(job);
    const tracker = trackerFor(job);
    const run = tracker.start({ ...info, args: [job.data] });
    try {
      const result = await runInScope(run.client, tracker.name, info, () => processor.call(this, job, ...rest));
      run.end('ok');
      return result;
    } catch (err) {
      // moveToDelayed / moveToWaitingChildren / rate limiting: BullMQ's way of rescheduling, not a failure.
      if (isControlFlow(err)) run.end('ok');
      else run.end('failed', err);
      throw err;
    }
  };
}

/** The errors a processor throws to hand a job back to BullMQ (which does not fail the job for them). */
const CONTROL_FLOW = new Set(['DelayedError', 'WaitingChildrenError', 'WaitingError', 'RateLimitError']);

function isControlFlow(err: unknown): boolean {
  try {
    return !!err && typeof err === 'object' && CONTROL_FLOW.has(String((err as Error).name));
  } catch {
    return false;
  }
}

/**
 * Instruments an existing BullMQ Worker from its events (`active`, `completed`, `failed`): works
 * for sandboxed (file) processors too. Durations are measured in this process, from `active` to
 * the end event.
 */
export function instrumentBullMQWorker(worker: BullMQWorkerLike, options: BullMQOptions = {}): BullMQInstrumentation {
  const trackerFor = trackers(options);
  const open = new Map<string, JobRun>();
  const keyOf = (job: BullMQJobLike) => `${job.queueName}\u0000${job.id ?? ''}`;

  const onActive = (job: BullMQJobLike): void => {
    try {
      if (!job) return;
      if (open.size >= MAX_OPEN_RUNS) {
        const oldest = open.keys().next().value;
        if (oldest !== undefined) open.delete(oldest);
      }
      open.set(keyOf(job), trackerFor(job).start({ ...runInfoOf(job), args: [job.data] }));
    } catch {
      /* never into the worker */
    }
  };
  const onCompleted = (job: BullMQJobLike): void => {
    try {
      if (!job) return;
      const key = keyOf(job);
      open.get(key)?.end('ok');
      open.delete(key);
    } catch {
      /* never into the worker */
    }
  };
  const onFailed = (job: BullMQJobLike | undefined, error: Error): void => {
    try {
      if (!job) {
        // No job (e.g. a failure while fetching): still worth one event.
        resolveClient(options.client)?.captureException(error, { level: 'error', handled: true, mechanism: 'job', tags: { queue: worker.name } });
        return;
      }
      const key = keyOf(job);
      const run = open.get(key) ?? trackerFor(job).start({ ...runInfoOf(job), args: [job.data] });
      open.delete(key);
      run.end('failed', error);
    } catch {
      /* never into the worker */
    }
  };

  worker.on('active', onActive);
  worker.on('completed', onCompleted);
  worker.on('failed', onFailed);
  return {
    stop() {
      worker.off('active', onActive);
      worker.off('completed', onCompleted);
      worker.off('failed', onFailed);
      open.clear();
    },
  };
}
