import { lastDayCount, type BugStatus } from '@bugmastery/core';

/** One bug as the inbox shows it. Times are ISO 8601. */
export interface Bug {
  fingerprint: string;
  /** "Type: message" of the last occurrence. */
  title: string;
  status: BugStatus;
  /** Occurrences across the fleet. */
  count: number;
  /** Occurrences in the last 24 hours. */
  lastDay: number;
  assignee: string | null;
  firstSeen: string;
  lastSeen: string;
  environment: string | null;
  release: string | null;
  /** Top in-app frame of the last occurrence. */
  frame: string | null;
  /** While snoozed: the count or the time at which the snooze ends. */
  snoozedUntil: { count?: number; time?: string } | null;
}

const STATUSES = new Set<string>(['open', 'snoozed', 'assigned', 'resolved']);

const iso = (ms: string | undefined): string => new Date(Number(ms) || 0).toISOString();

/** A bug's hash as Redis returns it (HGETALL) → the inbox's view of it. */
export function parseBug(fingerprint: string, hash: Record<string, string>, now: number): Bug {
  const hours: Record<string, number> = {};
  for (const [field, value] of Object.entries(hash)) if (field.startsWith('h:')) hours[field.slice(2)] = Number(value) || 0;
  const snoozeCount = hash.snoozeCount ? Number(hash.snoozeCount) : undefined;
  const snoozeUntil = hash.snoozeUntil ? iso(hash.snoozeUntil) : undefined;
  const status = STATUSES.has(hash.status) ? (hash.status as BugStatus) : 'open';
  return {
    fingerprint,
    title: hash.title || '(untitled)',
    status,
    count: Number(hash.count) || 0,
    lastDay: lastDayCount({ hours }, now),
    assignee: hash.assignee || null,
    firstSeen: iso(hash.first),
    lastSeen: iso(hash.last),
    environment: hash.env || null,
    release: hash.release || null,
    frame: hash.frame || null,
    snoozedUntil: status === 'snoozed' ? { ...(snoozeCount && { count: snoozeCount }), ...(snoozeUntil && { time: snoozeUntil }) } : null,
  };
}
