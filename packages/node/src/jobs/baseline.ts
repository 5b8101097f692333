/** The last `size` durations of a job and their p95: what "slow for this job" means. */
export class DurationBaseline {
  private readonly samples: number[] = [];
  private next = 0;

  constructor(readonly size = 100) {}

  get count(): number {
    return this.samples.length;
  }

  add(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    if (this.samples.length < this.size) this.samples.push(ms);
    else {
      this.samples[this.next] = ms;
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
}
