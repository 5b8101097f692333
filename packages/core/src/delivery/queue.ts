import type { Event } from '../types';

export interface BatchOptions {
  maxEvents: number;
  maxDelayMs: number;
  maxQueue: number;
}

export const DEFAULT_BATCH: BatchOptions = { maxEvents: 20, maxDelayMs: 1000, maxQueue: 1000 };

/**
 * Collects events into batches of `maxEvents`, or whatever is there after `maxDelayMs`.
 * The bound on everything not yet delivered is the client's (`maxQueue`), not this buffer's.
 */
export class BatchQueue {
  private buffer: Event[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly options: BatchOptions,
    private readonly onBatch: (events: Event[]) => void,
  ) {}

  get size(): number {
    return this.buffer.length;
  }

  push(event: Event): void {
    this.buffer.push(event);
    if (this.buffer.length >= this.options.maxEvents) this.drain();
    else if (this.timer === undefined) {
      this.timer = setTimeout(() => this.drain(), this.options.maxDelayMs);
      // A pending batch must not keep a Node process alive; runtimes flush on exit instead.
      (this.timer as { unref?: () => void }).unref?.();
    }
  }

  /** Hands everything buffered to the sender now. */
  drain(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    while (this.buffer.length > 0) this.onBatch(this.buffer.splice(0, this.options.maxEvents));
  }
}
