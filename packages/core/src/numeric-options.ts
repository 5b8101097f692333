/**
 * Numeric knobs merged over their defaults, keeping only finite non-negative numbers: a spread of
 * `{ maxEvents: undefined }` or NaN from a config file must not turn a bound into a hang.
 */
export function numericOptions<T extends object>(defaults: T, input: Partial<Record<keyof T, unknown>> | undefined, atLeastOne: readonly (keyof T)[] = []): T {
  const out = { ...defaults };
  if (!input || typeof input !== 'object') return out;
  for (const key of Object.keys(defaults) as (keyof T)[]) {
    const v = input[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) continue;
    (out as Record<keyof T, unknown>)[key] = atLeastOne.includes(key) ? Math.max(1, Math.floor(v)) : v;
  }
  return out;
}
