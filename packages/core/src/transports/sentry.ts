import type { Breadcrumb, Event, ExceptionInfo, FetchLike, Frame, Transport, TransportResponse } from '../types';
import { SDK_VERSION } from '../version';
import { envelopeUrl, parseDsn } from './dsn';
import { sentryRateLimitMs } from './sentry-rate-limits';
import { utf8Length } from '../text';
import { toJson } from '../event/json';
import { encodePayload } from './payload';
import { requireUrl } from './url';

export interface SentryTransportOptions {
  /** `https://<public_key>@<host>/<project_id>` from the Sentry project settings. */
  dsn: string;
  /** Your own endpoint that forwards envelopes to Sentry (avoids ad blockers in browsers). */
  tunnel?: string;
  /** Send our fingerprint so Sentry groups issues as Bugmastery does. Default true; false lets Sentry group. */
  useFingerprint?: boolean;
  name?: string;
  fetch?: FetchLike;
}

type Json = Record<string, unknown>;

function sentryFrame(frame: Frame): Json {
  const out: Json = { in_app: frame.inApp };
  // `filename` only (as Sentry's JavaScript SDKs send it): `abs_path` too would write every file name twice, and a
  // stack-heavy event that fits our size limit would then pass Sentry's 1 MB.
  if (frame.file !== undefined) out.filename = frame.file;
  out.function = frame.function || '?';
  if (frame.line !== undefined) out.lineno = frame.line;
  if (frame.column !== undefined) out.colno = frame.column;
  if (frame.context) {
    out.pre_context = frame.context.pre;
    out.context_line = frame.context.line;
    out.post_context = frame.context.post;
  }
  return out;
}

function sentryException(ex: ExceptionInfo): Json {
  const out: Json = { type: ex.type, value: ex.message, mechanism: { type: ex.mechanism.type, handled: ex.mechanism.handled } };
  // Both models put the innermost (throwing) frame last.
  if (ex.frames.length > 0) out.stacktrace = { frames: ex.frames.map(sentryFrame) };
  return out;
}

function seconds(iso: string): number {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? Date.now() / 1000 : ms / 1000;
}

function sentryBreadcrumb(crumb: Breadcrumb): Json {
  const out: Json = { timestamp: seconds(crumb.timestamp), type: crumb.type, level: crumb.level };
  if (crumb.category !== undefined) out.category = crumb.category;
  if (crumb.message !== undefined) out.message = crumb.message;
  if (crumb.data !== undefined) out.data = crumb.data;
  return out;
}

/** Our event in Sentry's event schema (https://develop.sentry.dev/sdk/data-model/event-payloads/). */
export function toSentryEvent(event: Event, useFingerprint = true): Json {
  const out: Json = {
    event_id: event.id,
    timestamp: seconds(event.timestamp),
    platform: event.platform === 'node' ? 'node' : 'javascript',
    level: event.level,
    environment: event.environment,
    tags: event.tags,
    contexts: event.contexts,
    breadcrumbs: { values: event.breadcrumbs.map(sentryBreadcrumb) },
    sdk: { name: event.sdk.name, version: event.sdk.version },
    extra: { occurrences: event.occurrences, ...(event.trimmed ? { trimmed: event.trimmed } : {}) },
  };
  if (event.release) out.release = event.release;
  if (event.serverName) out.server_name = event.serverName;
  if (useFingerprint) out.fingerprint = [event.fingerprint];
  // Ours: outermost first, then causes. Sentry: oldest (innermost cause) first, the one caught last at the end.
  if (event.exceptions.length > 0) out.exception = { values: event.exceptions.map(sentryException).reverse() };
  if (event.message !== undefined) out.message = event.message;
  if (event.user) {
    const { ip, ...user } = event.user;
    out.user = ip === undefined ? user : { ...user, ip_address: ip };
  }
  if (event.request) {
    const r = event.request;
    const request: Json = { method: r.method, url: r.url, headers: r.headers };
    if (r.query !== undefined) request.query_string = r.query;
    if (r.data !== undefined) request.data = r.data;
    out.request = request;
  }
  return out;
}

/**
 * Sentry: one event per envelope (https://develop.sentry.dev/sdk/data-model/envelopes/), posted to
 * the project's envelope endpoint or a tunnel. X-Sentry-Rate-Limits is read here; the delivery layer pauses.
 */
export function sentryTransport(options: SentryTransportOptions): Transport {
  const dsn = parseDsn(options?.dsn);
  const url = options.tunnel !== undefined ? requireUrl(options.tunnel, 'tunnel', 'sentryTransport').toString() : envelopeUrl(dsn);
  const useFingerprint = options.useFingerprint !== false;
  const client = `bugmastery.javascript/${SDK_VERSION}`;
  const headers: Record<string, string> = { 'content-type': 'application/x-sentry-envelope' };
  // A tunnel reads the DSN from the envelope header; the auth header is for Sentry itself.
  if (options.tunnel === undefined) headers['x-sentry-auth'] = `Sentry sentry_version=7, sentry_key=${dsn.publicKey}, sentry_client=${client}`;
  return {
    name: options.name ?? 'sentry',
    maxBatch: 1,
    fetch: options.fetch,
    encode(events: Event[]) {
      const event = events[0];
      if (!event) return null;
      const payload = encodePayload(toSentryEvent(event, useFingerprint), [event]);
      const envelopeHeader = toJson({ event_id: event.id, sent_at: new Date().toISOString(), dsn: dsn.toString(), sdk: event.sdk });
      const itemHeader = toJson({ type: 'event', content_type: 'application/json', length: utf8Length(payload) });
      return { url, headers, body: `${envelopeHeader}\n${itemHeader}\n${payload}` };
    },
    rateLimitMs(response: TransportResponse): number | undefined {
      return sentryRateLimitMs(response.headers.get('x-sentry-rate-limits'));
    },
  };
}
