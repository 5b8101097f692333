import { getCurrentClient, type Client, type Level } from '@bugmastery/core';
import { normalize } from '@bugmastery/core/internal';

/** A run that took longer than its threshold. Synthetic: it exists to carry a per-job fingerprint. */
export class SlowJobError extends Error {
  override name = 'SlowJobError';
}

/** A run still going after `timeoutMs` (it is not stopped). */
export class JobTimeoutError extends Error {
  override name = 'JobTimeoutError';
}

/** A job expected every N ms that has not completed in time. */
export class MissedJobError extends Error {
  override name = 'MissedJobError';
}

/** A business metric that fell below its floor. */
export class MetricFloorError extends Error {
  override name = 'MetricFloorError';
}

/** A business metric that fell well below its usual level (its baseline) for this window. */
export class MetricDropError extends Error {
  override name = 'MetricDropError';
}

export function resolveClient(explicit: Client | undefined): Client | undefined {
  return explicit ?? getCurrentClient();
}

export interface Alert {
  error: Error;
  level: Level;
  /** Stable per job/metric, so dedupe, rate limits and snooze thresholds count each one on its own. */
  fingerprint: string[];
  tags: Record<string, string>;
  context: { name: string; data: Record<string, unknown> };
}

/** Sends a synthetic alert through the client's normal pipeline. Never throws. */
export function raise(client: Client | undefined, alert: Alert): void {
  if (!client) return;
  try {
    client.captureException(alert.error, {
      level: alert.level,
      handled: true,
      mechanism: 'job',
      fingerprint: alert.fingerprint,
      tags: alert.tags,
      contexts: { [alert.context.name]: alert.context.data },
    });
  } catch {
    /* captureException never throws by contract; this guards a hand-made client */
  }
}

export function breadcrumb(client: Client | undefined, category: string, message: string, data?: Record<string, unknown>): void {
  if (!client) return;
  try {
    client.addBreadcrumb({ type: 'job', category, message, data, level: 'info' });
  } catch {
    /* a breadcrumb is never worth an exception in the app */
  }
}

/** Job arguments made plain and small before the client's scrubber sees them (depth and size bound). */
export function plainArgs(args: readonly unknown[]): unknown {
  try {
    return normalize(args, { depth: 4, breadth: 20, stringLength: 512 });
  } catch {
    return '[unserializable]';
  }
}
