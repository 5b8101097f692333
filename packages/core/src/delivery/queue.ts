import type { Event } from '../types';

export interface BatchOptions {
  maxEvents: number;
  maxDelayMs: number;
  maxQueue: number;
}

export const DEFAULT_BATCH: BatchOptions = { maxEvents: 20, maxDelayMs: 1000, maxQueue: 1000 };

export interface BatchQueue {
  readonly size: number;
  push(event: Event): void;
  /** Hands everything buffered to the sender now. */
  drain(): void;
}

/**
 * Collects events into batches of `maxEvents`, or whatever is there after `maxDelayMs`.
 * The bound on everything not yet delivered is the client's (`maxQueue`), not this buffer's.
 */
export function createBatchQueue(options: BatchOptions, onBatch: (events: Event[]) => void): BatchQueue {
  const buffer: Event[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const drain = (): void => {
    clearTimeout(timer);
    timer = undefined;
    while (buffer.length > 0) onBatch(buffer.splice(0, options.maxEvents));
  };
  return {
    get size() {
      return buffer.length;
    },
    push(event) {
      if (buffer.push(event) >= options.maxEvents) drain();
      else if (timer === undefined) {
        timer = setTimeout(drain, options.maxDelayMs);
        // A pending batch must not keep a Node process alive; runtimes flush on exit instead.
        (timer as { unref?: () => void }).unref?.();
      }
    },
    drain,
  };
}
