/**
 * Sets `key` as the newest entry, forgetting the least recently set one past `capacity`, so
 * per-fingerprint state never grows without bound and a fingerprint that keeps coming is the last forgotten.
 */
export function setBounded<V>(map: Map<string, V>, key: string, value: V, capacity: number): void {
  if (!map.delete(key) && map.size >= capacity) map.delete(map.keys().next().value as string);
  map.set(key, value);
}
