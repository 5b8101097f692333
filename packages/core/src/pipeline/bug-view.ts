import { lastDayCount, type BugState, type BugStatus } from './bug-state';

/** One bug as the inbox shows it (CLI, admin API). Times are ISO 8601. */
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

export function bugView(fingerprint: string, state: BugState, now: number): Bug {
  const snoozed = state.status === 'snoozed';
  return {
    fingerprint,
    title: state.title || '(untitled)',
    status: state.status,
    count: state.count,
    lastDay: lastDayCount(state, now),
    assignee: state.assignee,
    firstSeen: new Date(state.firstSeen).toISOString(),
    lastSeen: new Date(state.lastSeen).toISOString(),
    environment: state.environment || null,
    release: state.release || null,
    frame: state.frame || null,
    snoozedUntil: snoozed
      ? { ...(state.snoozeCount !== null && { count: state.snoozeCount }), ...(state.snoozeUntil !== null && { time: new Date(state.snoozeUntil).toISOString() }) }
      : null,
  };
}

/** Most urgent first: occurrences in the last 24 h, then all time, then the latest. */
export function byUrgency(a: Bug, b: Bug): number {
  return b.lastDay - a.lastDay || b.count - a.count || (a.lastSeen < b.lastSeen ? 1 : a.lastSeen > b.lastSeen ? -1 : 0);
}

export interface ListOptions {
  /** Only bugs in this state. */
  status?: BugStatus;
  /** Only bugs assigned to this person. */
  assignee?: string;
}

export function matchesList(bug: Bug, options: ListOptions = {}): boolean {
  return (options.status === undefined || bug.status === options.status) && (options.assignee === undefined || bug.assignee === options.assignee);
}
