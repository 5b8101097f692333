import { setBounded } from '../pipeline/bounded-map';
import { crossedThreshold, DEFAULT_NOTIFY_AT } from '../pipeline/snooze';
import type { Event, FetchLike, Transport } from '../types';
import { encodePayload } from './payload';
import { slackMessage } from './slack-message';
import { requireUrl } from './url';

/** A count store shared by every process that reports (e.g. Redis INCRBY); in memory by default. */
export interface SnoozeCounter {
  /** Adds `by` to the count under `key` and returns the new total. */
  increment(key: string, by: number): number | Promise<number>;
}

export interface SlackTransportOptions {
  /** Incoming webhook URL (https://hooks.slack.com/services/…). */
  webhookUrl: string;
  /** Counts at which a fingerprint is posted again. Default [1, 10, 100, 1000], then every power of ten. */
  notifyAt?: number[];
  /** Shared counter so several processes snooze together. Default: per-process, in memory. */
  counter?: SnoozeCounter;
  /** Spacing between posts; Slack allows about one message per second per webhook. Default 1000. */
  minIntervalMs?: number;
  name?: string;
  fetch?: FetchLike;
}

/** In-memory counts, bounded so a flood of distinct fingerprints cannot grow memory. */
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

/** The next count that will post after `count`. */
export function nextThreshold(count: number, notifyAt: readonly number[]): number {
  for (const t of notifyAt) if (t > count) return t;
  let t = notifyAt[notifyAt.length - 1] ?? 1;
  while (t <= count) t *= 10;
  return t;
}

function validNotifyAt(value: unknown): number[] {
  if (value === undefined) return DEFAULT_NOTIFY_AT;
  if (!Array.isArray(value) || value.length === 0 || !value.every((n) => Number.isInteger(n) && n > 0)) {
    throw new TypeError('[bugmastery] slackTransport: option "notifyAt" must be a non-empty array of positive integers, e.g. [1, 10, 100, 1000]');
  }
  return [...new Set(value as number[])].sort((a, b) => a - b);
}

/**
 * Slack: the bugmaster's inbox. A fingerprint posts when it is first seen and again each time its
 * count reaches a threshold; otherwise encode declines (counted `filtered`). Counts grow by the
 * event's `occurrences` delta, so occurrences dropped by dedupe or rate limits still count and a
 * threshold crossed in between is never missed; a post that did not go through is owed, and the
 * fingerprint's next event (or the same one replayed from a disk queue) posts it.
 */
export function slackTransport(options: SlackTransportOptions): Transport {
  const url = requireUrl(options?.webhookUrl, 'webhookUrl', 'slackTransport').toString();
  const notifyAt = validNotifyAt(options.notifyAt);
  const counter = options.counter ?? memoryCounter();
  if (typeof counter !== 'object' || counter === null || typeof counter.increment !== 'function') {
    throw new TypeError('[bugmastery] slackTransport: option "counter" must have an increment(key, by) method');
  }
  const minIntervalMs = options.minIntervalMs ?? 1000;
  if (!Number.isFinite(minIntervalMs) || minIntervalMs < 0) throw new TypeError('[bugmastery] slackTransport: option "minIntervalMs" must be a number ≥ 0');
  /** Last `occurrences` this transport saw per fingerprint: the delta is what the shared counter has not been told yet. */
  const lastSeen = new Map<string, number>();
  /** Fingerprints whose post did not go through (429, outage): the next event for them posts, threshold or not. */
  const owed = new Set<string>();
  let lastPostAt = -Infinity;

  return {
    name: options.name ?? 'slack',
    maxBatch: 1,
    fetch: options.fetch,
    async encode(events: Event[]) {
      const event = events[0];
      if (!event) return null;
      const occurrences = Number.isFinite(event.occurrences) && event.occurrences > 0 ? event.occurrences : 1;
      const delta = occurrences - (lastSeen.get(event.fingerprint) ?? 0);
      const isOwed = owed.has(event.fingerprint);
      // An older or replayed event: its occurrences are already counted (unless its alert is still owed).
      if (delta <= 0 && !isOwed) return null;
      let total = occurrences;
      if (delta > 0) {
        setBounded(lastSeen, event.fingerprint, occurrences, 10_000);
        total = await counter.increment(event.fingerprint, delta);
        if (typeof total !== 'number' || !Number.isFinite(total)) throw new TypeError(`snooze counter returned ${String(total)}, not a number`);
        if (crossedThreshold(total - delta, total, notifyAt) === undefined && !isOwed) return null;
      }
      // Posts for one transport are encoded one at a time (the delivery layer chains them), so this spaces them.
      const wait = lastPostAt + minIntervalMs - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      lastPostAt = Date.now();
      const body = encodePayload(slackMessage(event, total, nextThreshold(total, notifyAt)), [event]);
      return { url, headers: { 'content-type': 'application/json' }, body };
    },
    onOutcome(events, outcome) {
      const fingerprint = events[0]?.fingerprint;
      if (fingerprint === undefined || outcome === 'filtered') return;
      if (outcome === 'sent') owed.delete(fingerprint);
      else if (owed.size < 10_000) owed.add(fingerprint);
    },
  };
}
