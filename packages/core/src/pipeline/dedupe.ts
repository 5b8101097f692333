import { BoundedMap } from './bounded-map';

/** Drops a fingerprint seen less than `windowMs` ago: one error storm, one event. */
export class Dedupe {
  private readonly lastSeen = new BoundedMap<number>(10_000);
  constructor(private readonly windowMs: number) {}

  isDuplicate(fingerprint: string, now: number): boolean {
    if (this.windowMs <= 0) return false;
    const last = this.lastSeen.get(fingerprint);
    if (last !== undefined && now - last < this.windowMs) return true;
    this.lastSeen.set(fingerprint, now);
    return false;
  }
}
