import { describe } from '../delivery/send';
import { setBounded } from '../pipeline/bounded-map';
import type { BugDecision } from '../pipeline/bug-state';
import { isBugStore, isSnoozeCounter, memoryStore, STORE_TIMEOUT_MS, storeFromCounter, type BugStore, type OccurrenceReport } from '../pipeline/bug-store';
import { clampDelay } from '../timer';
import type { Event, Logger, OccurrenceCount, TransportContext } from '../types';
import { DEFAULT_NOTIFY_AT } from '../pipeline/snooze';
import { bugmasterOn, type Rotation } from '../rotation';
import { headline, topFrame } from './console';
import { truncate } from '../text';

/**
 * What Slack and PagerDuty share: asking the bug store whether an event (or a batch of occurrences
 * that never became events) notifies, falling back to this process's own counts when the store
 * fails, and keeping a notice that could not be posted owed until the bug's next event posts it.
 */
export interface Notifier {
  /** The decision that makes `event` post, or null: stay quiet. */
  decide(event: Event): Promise<BugDecision | null>;
  /** Records batched counts; returns a copy of each bug's last event whose decision says post. */
  onOccurrences(counts: OccurrenceCount[]): Promise<Event[]>;
  onOutcome(events: Event[], outcome: string): void;
  /** Who is bugmaster on duty now (a stored override wins), or undefined without a rotation. */
  bugmaster(rotation: Rotation | undefined): Promise<string | undefined>;
  setup(context: TransportContext): void;
  figures(): { storeErrors: number };
  close(): Promise<void>;
}

const MAX_BUGS = 10_000;
/** Last events kept to post a threshold reached by batched counts: events are large, bugs that post are few. */
const MAX_LAST_EVENTS = 500;

export function validNotifyAt(value: unknown, transport: string): number[] {
  if (value === undefined) return DEFAULT_NOTIFY_AT;
  if (!Array.isArray(value) || value.length === 0 || !value.every((n) => Number.isInteger(n) && n > 0)) {
    throw new TypeError(`[bugmastery] ${transport}: option "notifyAt" must be a non-empty array of positive integers, e.g. [1, 10, 100, 1000]`);
  }
  return [...new Set(value as number[])].sort((a, b) => a - b);
}

function storeOf(option: unknown, transport: string): BugStore | undefined {
  if (option === undefined) return undefined;
  if (isBugStore(option)) return option;
  if (isSnoozeCounter(option)) return storeFromCounter(option);
  throw new TypeError(`[bugmastery] ${transport}: option "counter" must be a bug store (e.g. redisStore() from @bugmastery/redis) or have an increment(key, by) method`);
}

/** A store call that does not settle in time fails like one that rejects: the transport then counts in-process. */
function bounded<T>(work: T | Promise<T>, ms: number | undefined): Promise<T> {
  if (ms === undefined) return Promise.resolve(work);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`bug store did not answer within ${ms} ms`)), clampDelay(ms));
  });
  return Promise.race([Promise.resolve(work), timeout]).finally(() => clearTimeout(timer));
}

const isDecision = (d: unknown): d is BugDecision =>
  typeof d === 'object' && d !== null && Number.isFinite((d as BugDecision).count) && 'notice' in d;

/**
 * `onlyEventful`: batched counts only for bugs this transport has had an event of (PagerDuty pages
 * only some levels; its store need not hear of the rest).
 */
export function createNotifier(counter: unknown, consumer: string, notifyAt: readonly number[], transport: string, onlyEventful = false): Notifier {
  const store = storeOf(counter, transport);
  // A store that bounds its own calls (redisStore) is trusted with it; any other gets STORE_TIMEOUT_MS.
  const limit = store && typeof store.timeoutMs === 'number' ? undefined : STORE_TIMEOUT_MS;
  /** Per-process counts: the store when none is given, else kept alongside and used while it does not answer. */
  const fallback = memoryStore();
  let logger: Logger | undefined;
  let storeErrors = 0;
  let failing = false;
  /** Decisions already taken for events this transport produced itself (batched counts). */
  const decided = new WeakMap<Event, BugDecision>();
  /** Decisions of events being posted, for onOutcome. */
  const posting = new WeakMap<Event, BugDecision>();
  const owed = new Map<string, BugDecision>();
  const lastEvents = new Map<string, Event>();

  const warn = (message: string): void => {
    try {
      (logger ?? console).warn(`[bugmastery] ${consumer}: ${message}`);
    } catch {
      /* a broken logger must not break delivery */
    }
  };

  const record = async (report: OccurrenceReport): Promise<BugDecision> => {
    const local = fallback.record(report) as BugDecision;
    if (store === undefined) return local;
    try {
      const decision = await bounded(store.record(report), limit);
      if (!isDecision(decision)) throw new TypeError(`bug store returned ${String(decision)}, not a decision`);
      if (failing) warn('bug store answers again; counting fleet-wide');
      failing = false;
      return decision;
    } catch (err) {
      storeErrors++;
      // Once per outage, not per event: the app's log must not drown while Redis is down.
      if (!failing) warn(`bug store failed (${describe(err)}); counting in this process until it answers`);
      failing = true;
      return local;
    }
  };

  const reportOf = (fingerprint: string, occurrences: number, event?: Event): OccurrenceReport => ({
    fingerprint,
    occurrences: Number.isFinite(occurrences) && occurrences > 0 ? occurrences : 1,
    consumer,
    notifyAt,
    now: Date.now(),
    // Kept with the bug in the store: short, whatever the message.
    summary: event && { title: truncate(headline(event), 300), frame: truncate(topFrame(event), 300), environment: truncate(event.environment, 100), release: truncate(event.release ?? '', 100) },
  });

  return {
    async decide(event) {
      let decision = decided.get(event);
      if (!decision) {
        setBounded(lastEvents, event.fingerprint, event, MAX_LAST_EVENTS);
        const fresh = await record(reportOf(event.fingerprint, event.occurrences, event));
        const debt = owed.get(event.fingerprint);
        decision = fresh.notice ? fresh : debt && { ...fresh, notice: debt.notice, reached: debt.reached };
      }
      if (!decision) return null;
      posting.set(event, decision);
      return decision;
    },
    async onOccurrences(counts) {
      const out: Event[] = [];
      await Promise.all(
        counts.map(async ({ fingerprint, occurrences }) => {
          if (onlyEventful && !lastEvents.has(fingerprint)) return;
          const decision = await record(reportOf(fingerprint, occurrences));
          // A notice owed from a failed post waits for the bug's next event, as without batched counts.
          if (!decision.notice) return;
          const last = lastEvents.get(fingerprint);
          // No event of this bug here yet (it is still queued): its own delivery will post it.
          if (!last) return void setBounded(owed, fingerprint, decision, MAX_BUGS);
          const copy: Event = { ...last, occurrences };
          decided.set(copy, decision);
          out.push(copy);
        }),
      );
      return out;
    },
    onOutcome(events, outcome) {
      const event = events[0];
      const decision = event && posting.get(event);
      if (!event || !decision || outcome === 'filtered') return;
      if (outcome === 'sent') owed.delete(event.fingerprint);
      else setBounded(owed, event.fingerprint, decision, MAX_BUGS);
    },
    async bugmaster(rotation) {
      if (!rotation) return undefined;
      const now = Date.now();
      try {
        const who = store?.bugmaster && (await bounded(store.bugmaster(rotation, now), limit));
        if (typeof who === 'string' && who !== '') return who;
      } catch {
        storeErrors++; // the rotation itself still names someone
      }
      return bugmasterOn(rotation, now);
    },
    setup(context) {
      logger = context.logger;
    },
    figures: () => ({ storeErrors }),
    async close() {
      await store?.close?.();
    },
  };
}
