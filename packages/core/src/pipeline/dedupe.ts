import { setBounded } from './bounded-map';

/** Drops a fingerprint seen less than `windowMs` ago: one error storm, one event. Returns `isDuplicate(fingerprint, now)`. */
export function createDedupe(windowMs: number): (fingerprint: string, now: number) => boolean {
  const lastSeen = new Map<string, number>();
  return (fingerprint, now) => {
    if (windowMs <= 0) return false;
    const last = lastSeen.get(fingerprint);
    const duplicate = last !== undefined && now - last < windowMs;
    // A duplicate keeps the window's start, and is set again: still in use, not the one to forget under churn.
    setBounded(lastSeen, fingerprint, duplicate ? last : now, 10_000);
    return duplicate;
  };
}
