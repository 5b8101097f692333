import { setBounded } from './bounded-map';

export const DEFAULT_NOTIFY_AT = [1, 10, 100, 1000];

/** Is `count` one of the thresholds? Past the last one, every further power of ten counts too. */
export function isThreshold(count: number, notifyAt: readonly number[] = DEFAULT_NOTIFY_AT): boolean {
  if (notifyAt.includes(count)) return true;
  const last = notifyAt[notifyAt.length - 1] ?? 1;
  if (count <= last) return false;
  let t = last;
  while (t < count) t *= 10;
  return t === count;
}

/** Did a counter moving from `before` to `after` cross a threshold? (Counts may jump when occurrences were deduped.) */
export function crossedThreshold(before: number, after: number, notifyAt: readonly number[] = DEFAULT_NOTIFY_AT): number | undefined {
  let crossed: number | undefined;
  for (const t of notifyAt) if (t > before && t <= after) crossed = t;
  const last = notifyAt[notifyAt.length - 1] ?? 1;
  for (let t = last * 10; t <= after && t > 0; t *= 10) if (t > before) crossed = t;
  return crossed;
}

/** Occurrence counters per fingerprint, counting every capture, dropped ones included. */
export interface OccurrenceCounter {
  get(fingerprint: string): number;
  increment(fingerprint: string): number;
}

export function createOccurrenceCounter(): OccurrenceCounter {
  const counts = new Map<string, number>();
  const get = (fingerprint: string): number => counts.get(fingerprint) ?? 0;
  return {
    get,
    increment(fingerprint) {
      const n = get(fingerprint) + 1;
      // Newest on every count: past the bound the fingerprint forgotten is the one seen least recently,
      // never a bug that keeps happening (its milestones would start again at 1).
      setBounded(counts, fingerprint, n, 10_000);
      return n;
    },
  };
}
