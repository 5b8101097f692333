/**
 * The last `size` samples and percentiles over them: a job's recent durations (what "slow for this
 * job" means) or a business metric's recent window counts (what "usual" means for it).
 */
export class RecentSamples {
  private readonly samples: number[] = [];
  private next = 0;

  constructor(readonly size = 100) {}

  get count(): number {
    return this.samples.length;
  }

  add(value: number): void {
    if (!Number.isFinite(value) || value < 0) return;
    if (this.samples.length < this.size) this.samples.push(value);
    else {
      this.samples[this.next] = value;
      this.next = (this.next + 1) % this.size;
    }
  }

  /** Nearest-rank percentile over the window; undefined while empty. */
  percentile(p: number): number | undefined {
    const n = this.samples.length;
    if (n === 0) return undefined;
    const sorted = this.samples.slice().sort((a, b) => a - b);
    const rank = Math.min(n, Math.max(1, Math.ceil((p / 100) * n)));
    return sorted[rank - 1];
  }

  /** The middle value (mean of the two middle ones for an even count); undefined while empty. */
  median(): number | undefined {
    const n = this.samples.length;
    if (n === 0) return undefined;
    const sorted = this.samples.slice().sort((a, b) => a - b);
    const mid = n >> 1;
    return n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}

/** The name it was first published under (job durations). */
export const DurationBaseline = RecentSamples;
export type DurationBaseline = RecentSamples;
