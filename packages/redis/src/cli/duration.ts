const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `30m`, `12h`, `7d`, `2w` (or `90s`) → milliseconds; anything else is a clear error. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([smhdw])$/.exec(String(text).trim());
  const ms = match ? Number(match[1]) * UNITS[match[2]] : NaN;
  if (!(ms > 0)) throw new UsageError(`bad duration "${text}": use a number and a unit, e.g. 30m, 12h, 7d`);
  return ms;
}

/** A mistake in how the command was called (exit code 2). */
export class UsageError extends Error {
  override name = 'UsageError';
}
