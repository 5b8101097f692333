import type { BugStore, SnoozeCounter } from '../pipeline/bug-store';
import { nextThreshold } from '../pipeline/bug-state';
import type { Event, FetchLike, Transport } from '../types';
import { encodePayload } from './payload';
import { checkRotation, type Rotation } from '../rotation';
import { createNotifier, validNotifyAt } from './notify';
import { slackMessage } from './slack-message';
import { requireUrl } from './url';


export interface SlackTransportOptions {
  /** Incoming webhook URL (https://hooks.slack.com/services/…). */
  webhookUrl: string;
  /** Counts at which a fingerprint is posted again. Default [1, 10, 100, 1000], then every power of ten. */
  notifyAt?: number[];
  /**
   * Where counts (and bug states) live, so many processes alert like one: `redisStore()` from
   * @bugmastery/redis, or any `BugStore` / `SnoozeCounter`. Default: this process's memory.
   */
  counter?: BugStore | SnoozeCounter;
  /**
   * The bugmaster rotation, named in every post: `people[floor((now − startsOn) / period) mod people.length]`;
   * a Slack user id (U024BE7LH) is mentioned as <@U024BE7LH>. An override set with `bugmastery bugmaster --set` wins.
   */
  rotation?: Rotation;
  /** Spacing between posts; Slack allows about one message per second per webhook. Default 1000. */
  minIntervalMs?: number;
  name?: string;
  fetch?: FetchLike;
}

/**
 * Slack: the bugmaster's inbox. A bug posts when it is new and again each time its count reaches a
 * threshold (or its state changes: snooze ended, regressed); otherwise encode declines (counted
 * `filtered`). The count and the decision come from the bug store in one step, so with a shared
 * store a fleet posts once per threshold; occurrences dropped by dedupe or rate limits reach the
 * store through `onOccurrences`. A post that did not go through is owed: the bug's next event posts it.
 */
export function slackTransport(options: SlackTransportOptions): Transport {
  const url = requireUrl(options?.webhookUrl, 'webhookUrl', 'slackTransport').toString();
  const notifyAt = validNotifyAt(options.notifyAt, 'slackTransport');
  const minIntervalMs = options.minIntervalMs ?? 1000;
  if (!Number.isFinite(minIntervalMs) || minIntervalMs < 0) throw new TypeError('[bugmastery] slackTransport: option "minIntervalMs" must be a number ≥ 0');
  const name = options.name ?? 'slack';
  const notifier = createNotifier(options.counter, name, notifyAt, 'slackTransport');
  const rotation = options.rotation === undefined ? undefined : checkRotation(options.rotation, 'slackTransport');
  let lastPostAt = -Infinity;

  return {
    name,
    maxBatch: 1,
    fetch: options.fetch,
    async encode(events: Event[]) {
      const event = events[0];
      if (!event) return null;
      const decision = await notifier.decide(event);
      if (!decision) return null;
      // Posts for one transport are encoded one at a time (the delivery layer chains them), so this spaces them.
      const wait = lastPostAt + minIntervalMs - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      lastPostAt = Date.now();
      const bugmaster = await notifier.bugmaster(rotation);
      const body = encodePayload(slackMessage(event, decision.count, decision.next, { ...decision, bugmaster }), [event]);
      return { url, headers: { 'content-type': 'application/json' }, body };
    },
    onOutcome: notifier.onOutcome,
    onOccurrences: notifier.onOccurrences,
    setup: notifier.setup,
    figures: notifier.figures,
    close: notifier.close,
  };
}
