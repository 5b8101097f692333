import type { BugStatus } from '@bugmastery/core';
import { newBugState, type BugState, type Notice } from '@bugmastery/core/internal';

const STATUSES = new Set<string>(['open', 'snoozed', 'assigned', 'resolved']);
const NOTICES = new Set<string>(['new', 'threshold', 'snoozeEnded', 'regressed']);

const num = (value: string | undefined): number | null => (value === undefined || value === '' ? null : Number(value));

/** A bug's hash as Redis returns it (HGETALL) → core's BugState, the shape both stores share. */
export function stateFromHash(hash: Record<string, string>): BugState {
  const state = newBugState(num(hash.first) ?? 0);
  state.count = num(hash.count) ?? 0;
  state.lastSeen = num(hash.last) ?? state.firstSeen;
  state.status = STATUSES.has(hash.status) ? (hash.status as BugStatus) : 'open';
  state.assignee = hash.assignee || null;
  state.base = num(hash.base) ?? 0;
  state.snoozeCount = num(hash.snoozeCount);
  state.snoozeUntil = num(hash.snoozeUntil);
  state.seq = num(hash.seq) ?? 1;
  state.notice = NOTICES.has(hash.notice) ? (hash.notice as Notice) : null;
  state.title = hash.title ?? '';
  state.frame = hash.frame ?? '';
  state.environment = hash.env ?? '';
  state.release = hash.release ?? '';
  for (const [field, value] of Object.entries(hash)) {
    if (field.startsWith('h:')) state.hours[field.slice(2)] = Number(value) || 0;
    else if (field.startsWith('n:')) state.notified[field.slice(2)] = Number(value) || 0;
    else if (field.startsWith('s:')) state.seen[field.slice(2)] = Number(value) || 0;
  }
  return state;
}

/** HGETALL's flat [field, value, …] array (what a script returns) → an object. */
export function hashFromPairs(pairs: string[]): Record<string, string> {
  const hash: Record<string, string> = {};
  for (let i = 0; i + 1 < pairs.length; i += 2) hash[pairs[i]] = pairs[i + 1];
  return hash;
}
