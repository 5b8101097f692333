import { DEFAULT_NOTIFY_AT } from './snooze';

/**
 * The bugmaster's rules for one bug, as a pure function over its state. The in-memory store runs
 * it as is; the Redis store runs the same rules in one Lua script (packages/redis/src/script.ts),
 * so the fleet agrees. Both are tested against the same scenarios.
 */

export type BugStatus = 'open' | 'snoozed' | 'assigned' | 'resolved';

/** Why a consumer (a transport) is told about a bug now. */
export type Notice = 'new' | 'threshold' | 'snoozeEnded' | 'regressed';

export interface BugState {
  count: number;
  /** Epoch ms. */
  firstSeen: number;
  lastSeen: number;
  status: BugStatus;
  assignee: string | null;
  /** Count at which threshold counting last restarted (a regression counts again from 1). */
  base: number;
  /** A snooze ends at the occurrence that brings `count` to this… */
  snoozeCount: number | null;
  /** …or at the first occurrence at or after this time (epoch ms). */
  snoozeUntil: number | null;
  /** State changes, numbered: each consumer is told about the latest one once. */
  seq: number;
  notice: Notice | null;
  /** Per consumer: the highest threshold (as `base + threshold`) it was told about. */
  notified: Record<string, number>;
  /** Per consumer: the `seq` it was told about. */
  seen: Record<string, number>;
  title: string;
  frame: string;
  environment: string;
  release: string;
  /** Occurrences per hour (epoch hour → count), the last 24 kept: the inbox's "last 24 h". */
  hours: Record<string, number>;
}

export interface BugDecision {
  /** Fleet-wide occurrences of this bug. */
  count: number;
  /** What to tell this consumer now, or null: stay quiet. */
  notice: Notice | null;
  /** The threshold reached since counting (re)started, when notice is 'threshold' (1, 10, 100…). */
  reached: number;
  /** The count at which the next alert goes out. */
  next: number;
  status: BugStatus;
  assignee: string | null;
}

/** Title and top frame etc. of the occurrence being recorded, for the inbox. */
export interface BugSummary {
  title?: string;
  frame?: string;
  environment?: string;
  release?: string;
}

export const HOUR_MS = 3_600_000;

/** The highest threshold `count` has reached, 0 when none; past the last one every power of ten counts. */
export function reachedThreshold(count: number, notifyAt: readonly number[] = DEFAULT_NOTIFY_AT): number {
  let reached = 0;
  for (const t of notifyAt) if (t <= count) reached = t;
  const last = notifyAt[notifyAt.length - 1] ?? 1;
  for (let t = last * 10; t <= count && t > 0; t *= 10) reached = t;
  return reached;
}

/** The next count that will post after `count`. */
export function nextThreshold(count: number, notifyAt: readonly number[] = DEFAULT_NOTIFY_AT): number {
  for (const t of notifyAt) if (t > count) return t;
  let t = notifyAt[notifyAt.length - 1] ?? 1;
  while (t <= count) t *= 10;
  return t;
}

export function newBugState(now: number): BugState {
  return {
    count: 0, firstSeen: now, lastSeen: now, status: 'open', assignee: null, base: 0,
    snoozeCount: null, snoozeUntil: null, seq: 1, notice: 'new', notified: {}, seen: {},
    title: '', frame: '', environment: '', release: '', hours: {},
  };
}

const changeState = (state: BugState, status: BugStatus, notice: Notice): void => {
  state.status = status;
  state.seq++;
  state.notice = notice;
  state.snoozeCount = null;
  state.snoozeUntil = null;
};

/** Adds `delta` occurrences at `now`: a resolved bug regresses, a snooze whose end is reached ends. */
export function addOccurrences(state: BugState, delta: number, now: number, summary?: BugSummary): void {
  if (delta <= 0) return;
  state.count += delta;
  state.lastSeen = Math.max(state.lastSeen, now);
  const hour = String(Math.floor(now / HOUR_MS));
  state.hours[hour] = (state.hours[hour] ?? 0) + delta;
  for (const h of Object.keys(state.hours)) if (Number(h) <= Number(hour) - 24) delete state.hours[h];
  if (summary?.title) state.title = summary.title;
  if (summary?.frame) state.frame = summary.frame;
  if (summary?.environment) state.environment = summary.environment;
  if (summary?.release) state.release = summary.release;
  if (state.status === 'resolved') {
    changeState(state, 'open', 'regressed');
    state.assignee = null;
    // Counting starts again from this occurrence: the regression is its 1.
    state.base = state.count - delta;
  } else if (
    state.status === 'snoozed' &&
    ((state.snoozeCount !== null && state.count >= state.snoozeCount) || (state.snoozeUntil !== null && now >= state.snoozeUntil))
  ) {
    changeState(state, 'open', 'snoozeEnded');
  }
}

/** What `consumer` is told now; records that it was told, so across the fleet it is told once. */
export function decideFor(state: BugState, consumer: string, notifyAt: readonly number[]): BugDecision {
  const relative = state.count - state.base;
  const reached = reachedThreshold(relative, notifyAt);
  const level = reached > 0 ? state.base + reached : 0;
  let notice: Notice | null = null;
  if (state.status === 'open' || state.status === 'assigned') {
    if (state.seq > (state.seen[consumer] ?? 0) && state.notice) notice = state.notice;
    else if (level > (state.notified[consumer] ?? 0)) notice = 'threshold';
    if (notice) {
      state.seen[consumer] = state.seq;
      state.notified[consumer] = Math.max(state.notified[consumer] ?? 0, level);
    }
  }
  const next = state.status === 'snoozed' && state.snoozeCount !== null ? state.snoozeCount : state.base + nextThreshold(relative, notifyAt);
  return { count: state.count, notice, reached, next, status: state.status, assignee: state.assignee };
}

/** Occurrences in the 24 hours up to `now`. */
export function lastDayCount(state: Pick<BugState, 'hours'>, now: number): number {
  const hour = Math.floor(now / HOUR_MS);
  let sum = 0;
  for (const [h, n] of Object.entries(state.hours)) if (Number(h) > hour - 24) sum += n;
  return sum;
}

/** What the bugmaster does to a bug (CLI, admin page, Slack slash command). */
export type BugAction =
  | { type: 'snooze'; occurrences?: number; forMs?: number }
  | { type: 'assign'; who: string }
  | { type: 'resolve' }
  | { type: 'reopen' };

/** Checks an action's arguments; the message names what is wrong. */
export function checkAction(action: BugAction): void {
  if (action.type === 'snooze') {
    const { occurrences, forMs } = action;
    if ((occurrences === undefined) === (forMs === undefined)) throw new TypeError('snooze takes one of "occurrences" or "forMs"');
    if (occurrences !== undefined && !(Number.isInteger(occurrences) && occurrences > 0)) throw new TypeError('snooze "occurrences" must be a positive integer');
    if (forMs !== undefined && !(Number.isFinite(forMs) && forMs > 0)) throw new TypeError('snooze "forMs" must be a positive number of milliseconds');
  } else if (action.type === 'assign') {
    if (typeof action.who !== 'string' || action.who.trim() === '') throw new TypeError('assign needs someone to assign the bug to');
  }
}

/**
 * Applies a bugmaster's action. A snooze counts from now (N more occurrences, or a duration);
 * assigning keeps the bug notifying at thresholds; resolving silences it until it regresses.
 */
export function applyAction(state: BugState, action: BugAction, now: number): void {
  state.snoozeCount = null;
  state.snoozeUntil = null;
  switch (action.type) {
    case 'snooze':
      state.status = 'snoozed';
      if (action.occurrences !== undefined) state.snoozeCount = state.count + action.occurrences;
      else state.snoozeUntil = now + (action.forMs ?? 0);
      break;
    case 'assign':
      state.status = 'assigned';
      state.assignee = action.who.trim();
      break;
    case 'resolve':
      state.status = 'resolved';
      break;
    case 'reopen':
      state.status = 'open';
      break;
  }
}
