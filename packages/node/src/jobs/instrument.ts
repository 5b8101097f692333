import { runInScope } from './job-scope';
import { JobTracker } from './tracker';
import type { InstrumentJobOptions, JobRunInfo } from './types';

/** Any function; `never` parameters let every concrete signature in without `any`. */
export type JobFunction = (this: never, ...args: never[]) => unknown;

/**
 * Wraps a job so every run is timed, counted, checked for slowness and reported when it fails.
 * `this`, the arguments, the return value (the very same promise for async jobs) and the thrown
 * error are passed through untouched.
 */
export function instrumentJob<F extends JobFunction>(name: string, fn: F, options: InstrumentJobOptions<Parameters<F>> = {}): F {
  if (typeof fn !== 'function') throw new TypeError('[bugmastery] instrumentJob: the job must be a function');
  const jobName = String(name || fn.name || 'anonymous');
  const { runInfo, ...trackerOptions } = options;
  const tracker = new JobTracker(jobName, trackerOptions);
  const target = fn as unknown as (this: unknown, ...args: unknown[]) => unknown;

  const instrumented = function (this: unknown, ...args: unknown[]): unknown {
    let info: JobRunInfo | undefined;
    try {
      info = runInfo?.(...(args as Parameters<F>));
    } catch {
      info = undefined;
    }
    const run = tracker.start({ ...info, args });
    let result: unknown;
    try {
      result = runInScope(run.client, jobName, info, () => target.apply(this, args));
    } catch (err) {
      run.end('failed', err);
      throw err;
    }
    if (isNativePromise(result)) {
      // A side branch: the caller still gets (and must handle) the original promise. Read through
      // Promise.prototype: a promise with its own (throwing) `then` must not throw here.
      try {
        Promise.prototype.then.call(
          result,
          () => run.end('ok'),
          (err: unknown) => run.end('failed', err),
        );
      } catch {
        run.end('ok');
      }
    } else run.end('ok');
    return result;
  };
  try {
    Object.defineProperty(instrumented, 'name', { value: fn.name, configurable: true });
    Object.defineProperty(instrumented, 'length', { value: fn.length, configurable: true });
  } catch {
    /* cosmetic */
  }
  return instrumented as unknown as F;
}

/**
 * Only native promises are followed: calling `then` on other thenables (query builders) can run
 * them a second time. Those jobs are timed up to the moment they return.
 */
function isNativePromise(value: unknown): value is Promise<unknown> {
  return value instanceof Promise || Object.prototype.toString.call(value) === '[object Promise]';
}
