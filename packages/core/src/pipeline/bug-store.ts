import { setBounded } from './bounded-map';
import { bugmasterOn, rotationPeriod, type Rotation } from '../rotation';
import {
  addOccurrences, applyAction, checkAction, decideFor, newBugState, nextThreshold,
  type BugAction, type BugDecision, type BugState, type BugSummary,
} from './bug-state';
import { bugView, byUrgency, matchesList, type Bug, type ListOptions } from './bug-view';
import { crossedThreshold } from './snooze';

/** One report to a bug store: how often this process has seen a bug so far, and who asks. */
export interface OccurrenceReport {
  fingerprint: string;
  /** This process's running count of the bug (dropped captures included); the store adds what it was not told yet. */
  occurrences: number;
  /** Who is deciding (a transport name): each consumer is told once per threshold or state change. */
  consumer: string;
  notifyAt: readonly number[];
  /** Epoch ms. */
  now: number;
  summary?: BugSummary;
}

/**
 * Where bug counts and states live: in memory (one process, the default) or shared by a fleet
 * (`redisStore` from @bugmastery/redis). Adding the occurrences and deciding whether they notify
 * is ONE atomic step, so when many processes race across a threshold exactly one of them posts.
 */
export interface BugStore {
  record(report: OccurrenceReport): BugDecision | Promise<BugDecision>;
  /**
   * The longest a call of this store waits, enforced by the store itself (redisStore: its `timeoutMs`).
   * A store without it is given STORE_TIMEOUT_MS by the transports that use it.
   */
  readonly timeoutMs?: number;
  /** Releases connections the store opened itself. Called when the client using it closes. */
  close?(): void | Promise<void>;
  /**
   * Who is bugmaster on duty at `now`: the rotation's person, unless one was set for this period
   * (holidays happen). Also keeps the rotation where the CLI can read it.
   */
  bugmaster?(rotation: Rotation, now: number): string | Promise<string>;
}

/** The bugmaster's operations on a store: the CLI and any admin page or Slack command use these. */
export interface BugAdmin {
  get(fingerprint: string): Promise<Bug | undefined>;
  list(options?: ListOptions): Promise<Bug[]>;
  /** Quiet until `occurrences` more occurrences, or for `forMs`; the occurrence that ends it notifies once. */
  snooze(fingerprint: string, until: { occurrences?: number; forMs?: number }): Promise<Bug>;
  assign(fingerprint: string, who: string): Promise<Bug>;
  /** Quiet until it happens again: then it notifies once as regressed and is open. */
  resolve(fingerprint: string): Promise<Bug>;
  reopen(fingerprint: string): Promise<Bug>;
  /** Sets the bugmaster for the current period of `rotation` (or of the stored one). */
  setBugmaster(who: string, now?: number, rotation?: Rotation): Promise<{ bugmaster: string; until: string }>;
}

/** The error every store throws for a fingerprint it does not know. */
export class UnknownBugError extends Error {
  constructor(fingerprint: string) {
    super(`unknown fingerprint "${fingerprint}"`);
    this.name = 'UnknownBugError';
  }
}

/** How long a transport waits for a store that does not bound its own calls, before counting in-process. */
export const STORE_TIMEOUT_MS = 1000;

/** The older counter shape (a shared INCRBY), still accepted as `counter`. */
export interface SnoozeCounter {
  /** Adds `by` to the count under `key` and returns the new total. */
  increment(key: string, by: number): number | Promise<number>;
}

/** A process's running counts turned into deltas for a store. */
export interface Deltas {
  /**
   * The part of `occurrences` that no store call has carried yet, marked as carried. Taken before the call is
   * awaited, so two reports racing (an event and a batched update) never both carry it.
   */
  take(fingerprint: string, occurrences: number): number;
  /** A call that took `by` failed without counting it: the next report carries it again, so no occurrence is lost. */
  giveBack(fingerprint: string, by: number): void;
}

export function createDeltas(capacity = 10_000): Deltas {
  const told = new Map<string, number>();
  return {
    take(fingerprint, occurrences) {
      const before = told.get(fingerprint) ?? 0;
      if (!(occurrences > before)) return 0;
      setBounded(told, fingerprint, occurrences, capacity);
      return occurrences - before;
    },
    giveBack(fingerprint, by) {
      const carried = told.get(fingerprint);
      // A bug forgotten meanwhile (past the bound) is carried whole by its next report anyway.
      if (carried) told.set(fingerprint, carried - by);
    },
  };
}

/**
 * Bugs in this process's memory: the default, and what a transport falls back to when a shared
 * store fails. The same rules and the same admin operations as the Redis store, for one process.
 */
export interface MemoryStore extends BugStore, BugAdmin {
  record(report: OccurrenceReport): BugDecision;
  bugmaster(rotation: Rotation, now: number): string;
  /** The bug's raw state, if it is known. */
  state(fingerprint: string): BugState | undefined;
}

export function memoryStore(capacity = 10_000): MemoryStore {
  const bugs = new Map<string, BugState>();
  const overrides = new Map<string, string>();
  let lastRotation: Rotation | undefined;
  const deltas = createDeltas(capacity);
  const act = async (fingerprint: string, action: BugAction): Promise<Bug> => {
    checkAction(action);
    const state = bugs.get(fingerprint);
    if (!state) throw new UnknownBugError(fingerprint);
    const now = Date.now();
    applyAction(state, action, now);
    return bugView(fingerprint, state, now);
  };
  return {
    record(report) {
      let state = bugs.get(report.fingerprint);
      if (!state) state = newBugState(report.now);
      // Newest on every report: past the bound, the bug forgotten is the one seen least recently.
      setBounded(bugs, report.fingerprint, state, capacity);
      addOccurrences(state, deltas.take(report.fingerprint, report.occurrences), report.now, report.summary);
      return decideFor(state, report.consumer, report.notifyAt);
    },
    bugmaster(rotation, now) {
      lastRotation = rotation;
      return overrides.get(rotationPeriod(rotation, now).start) ?? bugmasterOn(rotation, now);
    },
    async setBugmaster(who, now = Date.now(), rotation = lastRotation) {
      if (!rotation) throw new Error('no rotation configured: give slackTransport a "rotation" option');
      const period = rotationPeriod(rotation, now);
      overrides.set(period.start, who);
      return { bugmaster: who, until: new Date(period.end).toISOString() };
    },
    state: (fingerprint) => bugs.get(fingerprint),
    async get(fingerprint) {
      const state = bugs.get(fingerprint);
      return state && bugView(fingerprint, state, Date.now());
    },
    async list(options) {
      const now = Date.now();
      return [...bugs].map(([fp, state]) => bugView(fp, state, now)).filter((b) => matchesList(b, options)).sort(byUrgency);
    },
    snooze: (fingerprint, until) => act(fingerprint, { type: 'snooze', ...until }),
    assign: (fingerprint, who) => act(fingerprint, { type: 'assign', who }),
    resolve: (fingerprint) => act(fingerprint, { type: 'resolve' }),
    reopen: (fingerprint) => act(fingerprint, { type: 'reopen' }),
  };
}

/** Back-compatible bounded in-memory counter of the older `SnoozeCounter` shape. */
export function memoryCounter(capacity = 10_000): SnoozeCounter {
  const counts = new Map<string, number>();
  return {
    increment(key, by) {
      const total = (counts.get(key) ?? 0) + by;
      setBounded(counts, key, total, capacity);
      return total;
    },
  };
}

export const isBugStore = (value: unknown): value is BugStore =>
  typeof value === 'object' && value !== null && typeof (value as BugStore).record === 'function';

export const isSnoozeCounter = (value: unknown): value is SnoozeCounter =>
  typeof value === 'object' && value !== null && typeof (value as SnoozeCounter).increment === 'function';

/** A `SnoozeCounter` (count only: no states, every consumer of it shares one decision per crossing). */
export function storeFromCounter(counter: SnoozeCounter): BugStore {
  const deltas = createDeltas();
  return {
    async record(report) {
      const { fingerprint, notifyAt } = report;
      const by = deltas.take(fingerprint, report.occurrences);
      let total = report.occurrences;
      let crossed: number | undefined;
      if (by > 0) {
        try {
          total = await counter.increment(fingerprint, by);
        } catch (err) {
          // Not counted (even if the transport stopped waiting before this): the next report carries it again.
          deltas.giveBack(fingerprint, by);
          throw err;
        }
        if (!Number.isFinite(total)) throw new TypeError(`snooze counter returned ${String(total)}, not a number`);
        crossed = crossedThreshold(total - by, total, notifyAt);
      }
      const notice = crossed === undefined ? null : total === by ? 'new' : 'threshold';
      return { count: total, notice, reached: crossed ?? 0, next: nextThreshold(total, notifyAt), status: 'open', assignee: null };
    },
  };
}

export type { Bug, BugAction, BugDecision, BugState, BugSummary, ListOptions };
