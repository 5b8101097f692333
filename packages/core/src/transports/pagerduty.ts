import type { BugStore, SnoozeCounter } from '../pipeline/bug-store';
import type { Event, FetchLike, Level, Transport } from '../types';
import { headline, topFrame } from './console';
import { encodePayload } from './payload';
import { createNotifier, validNotifyAt } from './notify';
import { truncate } from '../text';
import { requireText, requireUrl } from './url';

export type PagerDutySeverity = 'critical' | 'error' | 'warning' | 'info';

export interface PagerDutyTransportOptions {
  /** Integration key of an Events API v2 integration on the service to page. */
  routingKey: string;
  /** Default https://events.pagerduty.com/v2/enqueue (https://events.eu.pagerduty.com/v2/enqueue for EU accounts). */
  endpoint?: string;
  /** Fixed PagerDuty severity, or a mapping from the event. Default: fatal→critical, error→error, warning→warning, else info. */
  severity?: PagerDutySeverity | ((event: Event) => PagerDutySeverity);
  /** Only events at or above this level page. Default 'fatal' (crashes). */
  minLevel?: Level;
  /** `payload.source`: the affected system. Default: the event's server name, else the request host, else 'bugmastery'. */
  source?: string;
  component?: string;
  group?: string;
  /**
   * Shared bug store (`redisStore()` from @bugmastery/redis): a bug pages when new and again only
   * at its thresholds, counted across the fleet. Without it every event at `minLevel` triggers.
   */
  counter?: BugStore | SnoozeCounter;
  /** Thresholds, with `counter`. Default [1, 10, 100, 1000], then every power of ten. */
  notifyAt?: number[];
  name?: string;
  fetch?: FetchLike;
}

const LEVEL_RANK: Record<Level, number> = { debug: 0, info: 1, warning: 2, error: 3, fatal: 4 };
const SEVERITIES = new Set<string>(['critical', 'error', 'warning', 'info']);
const MAX_FRAMES = 10;

export function pagerDutySeverity(level: Level): PagerDutySeverity {
  if (level === 'fatal') return 'critical';
  if (level === 'error' || level === 'warning') return level;
  return 'info';
}

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host || undefined;
  } catch {
    return undefined;
  }
}

function customDetails(event: Event): Record<string, unknown> {
  const ex = event.exceptions[0];
  const frames = [...(ex?.frames ?? [])]
    .reverse()
    .slice(0, MAX_FRAMES)
    .map((f) => `${f.inApp ? '' : '(lib) '}${f.function || '<anonymous>'} (${f.file ?? '?'}:${f.line ?? '?'}:${f.column ?? '?'})`);
  const details: Record<string, unknown> = {
    message: ex ? ex.message : event.message,
    type: ex?.type,
    level: event.level,
    handled: ex?.mechanism.handled,
    mechanism: ex?.mechanism.type,
    environment: event.environment,
    release: event.release,
    fingerprint: event.fingerprint,
    occurrences: event.occurrences,
    event_id: event.id,
    frames,
    tags: event.tags,
  };
  if (event.exceptions.length > 1) details.causes = event.exceptions.slice(1).map((c) => `${c.type}: ${c.message}`);
  if (event.request) details.request = `${event.request.method} ${event.request.url}`;
  if (event.user?.id !== undefined) details.user = event.user.id;
  return details;
}

/** PagerDuty Events API v2: one trigger per event, deduplicated on our fingerprint, for what must wake someone. */
export function pagerDutyTransport(options: PagerDutyTransportOptions): Transport {
  const routingKey = requireText(options?.routingKey, 'routingKey', 'pagerDutyTransport', 'the Events API v2 integration key');
  const url = requireUrl(options.endpoint ?? 'https://events.pagerduty.com/v2/enqueue', 'endpoint', 'pagerDutyTransport').toString();
  const minLevel = options.minLevel ?? 'fatal';
  if (!(minLevel in LEVEL_RANK)) throw new TypeError(`[bugmastery] pagerDutyTransport: option "minLevel" must be one of ${Object.keys(LEVEL_RANK).join(', ')}`);
  const severity = options.severity;
  if (typeof severity === 'string' && !SEVERITIES.has(severity)) {
    throw new TypeError(`[bugmastery] pagerDutyTransport: option "severity" must be critical, error, warning or info, got "${severity}"`);
  }
  if (severity !== undefined && typeof severity !== 'string' && typeof severity !== 'function') {
    throw new TypeError('[bugmastery] pagerDutyTransport: option "severity" must be a severity or a function of the event');
  }
  const severityOf = (event: Event): PagerDutySeverity => {
    if (typeof severity === 'string') return severity;
    const chosen = typeof severity === 'function' ? severity(event) : undefined;
    return chosen && SEVERITIES.has(chosen) ? chosen : pagerDutySeverity(event.level);
  };
  const name = options.name ?? 'pagerduty';
  const notifyAt = validNotifyAt(options.notifyAt, 'pagerDutyTransport');
  const notifier = options.counter === undefined ? undefined : createNotifier(options.counter, name, notifyAt, 'pagerDutyTransport', true);
  const pages = (event: Event | undefined): event is Event => !!event && (LEVEL_RANK[event.level] ?? 0) >= LEVEL_RANK[minLevel];
  const transport: Transport = {
    name,
    maxBatch: 1,
    fetch: options.fetch,
    async encode(events: Event[]) {
      const event = events[0];
      if (!pages(event)) return null;
      if (notifier && !(await notifier.decide(event))) return null;
      const payload: Record<string, unknown> = {
        summary: truncate(`[${event.environment}] ${headline(event)} at ${topFrame(event)}`, 1024),
        source: truncate(options.source ?? event.serverName ?? hostOf(event.request?.url) ?? 'bugmastery', 255),
        severity: severityOf(event),
        timestamp: event.timestamp,
        class: event.exceptions[0]?.type ?? 'Message',
        custom_details: customDetails(event),
      };
      if (options.component) payload.component = options.component;
      if (options.group) payload.group = options.group;
      const body = encodePayload({
        routing_key: routingKey,
        event_action: 'trigger',
        // One incident per bug: later occurrences join it instead of paging again.
        dedup_key: event.fingerprint.slice(0, 255),
        client: 'Bugmastery',
        payload,
      }, [event]);
      return { url, headers: { 'content-type': 'application/json' }, body };
    },
  };
  if (!notifier) return transport;
  return {
    ...transport,
    onOutcome: notifier.onOutcome,
    onOccurrences: notifier.onOccurrences,
    setup: notifier.setup,
    figures: notifier.figures,
    close: notifier.close,
  };
}
