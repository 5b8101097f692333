/** Sets `key`, forgetting the oldest entry past `capacity`, so per-fingerprint state never grows without bound. */
export function setBounded<V>(map: Map<string, V>, key: string, value: V, capacity: number): void {
  if (map.size >= capacity && !map.has(key)) map.delete(map.keys().next().value as string);
  map.set(key, value);
}
