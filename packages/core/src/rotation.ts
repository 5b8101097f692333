/** The weekly (or daily) bugmaster rotation: who makes sure every crash has been looked at. */
export interface Rotation {
  /** In order of duty: Slack user ids (U024BE7LH, mentioned in posts) or names. */
  people: string[];
  /** ISO date (or date-time) the first person's first period starts, e.g. '2026-01-05' (a Monday). */
  startsOn: string;
  every?: 'week' | 'day';
}

const PERIOD_MS = { week: 7 * 86_400_000, day: 86_400_000 };

/** Checks a rotation once, at construction; the message names the option. */
export function checkRotation(value: unknown, where: string): Rotation {
  const r = value as Rotation;
  const fail = (what: string): never => {
    throw new TypeError(`[bugmastery] ${where}: option "rotation" ${what}`);
  };
  if (typeof r !== 'object' || r === null) fail('must be { people, startsOn, every? }');
  if (!Array.isArray(r.people) || r.people.length === 0 || !r.people.every((p) => typeof p === 'string' && p.trim() !== '')) fail('needs "people": a non-empty array of names or Slack user ids');
  if (typeof r.startsOn !== 'string' || Number.isNaN(Date.parse(r.startsOn))) fail('needs "startsOn": an ISO date such as 2026-01-05');
  if (r.every !== undefined && r.every !== 'week' && r.every !== 'day') fail('"every" must be \'week\' or \'day\'');
  return { people: r.people.map((p) => p.trim()), startsOn: r.startsOn, every: r.every ?? 'week' };
}

/** The period `now` falls in: its index since `startsOn` and the ISO time it starts (the key of an override). */
export function rotationPeriod(rotation: Rotation, now: number): { index: number; start: string; end: number } {
  const period = PERIOD_MS[rotation.every ?? 'week'];
  const origin = Date.parse(rotation.startsOn);
  const index = Math.floor((now - origin) / period);
  return { index, start: new Date(origin + index * period).toISOString(), end: origin + (index + 1) * period };
}

/** `people[floor((now − startsOn) / period) mod people.length]` (before startsOn counts backwards). */
export function bugmasterOn(rotation: Rotation, now: number): string {
  const { index } = rotationPeriod(rotation, now);
  const n = rotation.people.length;
  return rotation.people[((index % n) + n) % n];
}
