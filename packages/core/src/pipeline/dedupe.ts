import { setBounded } from './bounded-map';

/** Drops a fingerprint seen less than `windowMs` ago: one error storm, one event. Returns `isDuplicate(fingerprint, now)`. */
export function createDedupe(windowMs: number): (fingerprint: string, now: number) => boolean {
  const lastSeen = new Map<string, number>();
  return (fingerprint, now) => {
    if (windowMs <= 0) return false;
    const last = lastSeen.get(fingerprint);
    if (last !== undefined && now - last < windowMs) {
      setBounded(lastSeen, fingerprint, last, 10_000); // still in use: not the one to forget under churn
      return true;
    }
    setBounded(lastSeen, fingerprint, now, 10_000);
    return false;
  };
}
