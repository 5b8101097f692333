import type { Breadcrumb, Event, ExceptionInfo, FetchLike, Frame, Level, Transport } from '../types';
import { SDK_VERSION } from '../version';
import { encodePayload } from './payload';
import { requireText, requireUrl } from './url';

export interface BugsnagTransportOptions {
  /** The project's notifier API key. */
  apiKey: string;
  /** Error Reporting API endpoint. Default https://notify.bugsnag.com (use your on-premise notify URL there). */
  endpoint?: string;
  /** Events per request. Default 10: Bugsnag rejects payloads over 1 MB. */
  maxBatch?: number;
  name?: string;
  fetch?: FetchLike;
}

type Json = Record<string, unknown>;

const NOTIFIER = { name: 'Bugmastery', version: SDK_VERSION, url: 'https://www.npmjs.com/package/@bugmastery/core' };

function severityOf(level: Level): 'error' | 'warning' | 'info' {
  if (level === 'fatal' || level === 'error') return 'error';
  return level === 'warning' ? 'warning' : 'info';
}

/** Bugsnag shows the why of a severity; ours comes from the mechanism and whether the level was the default. */
function severityReasonOf(event: Event): Json {
  const mechanism = event.exceptions[0]?.mechanism;
  if (mechanism && !mechanism.handled) {
    return { type: /rejection/i.test(mechanism.type) ? 'unhandledPromiseRejection' : 'unhandledException' };
  }
  if (event.exceptions.length === 0) return { type: 'log' };
  return event.level === 'error' ? { type: 'handledException' } : { type: 'userSpecifiedSeverity' };
}

function bugsnagFrame(frame: Frame): Json {
  const out: Json = { file: frame.file ?? '(unknown)', method: frame.function || '(anonymous)', inProject: frame.inApp };
  if (frame.line !== undefined) out.lineNumber = frame.line;
  if (frame.column !== undefined) out.columnNumber = frame.column;
  if (frame.context && frame.line !== undefined) {
    // Bugsnag wants { "<line number>": "<source line>" } around the frame's line.
    const code: Record<string, string> = {};
    const { pre, line, post } = frame.context;
    pre.forEach((text, i) => (code[String(frame.line! - pre.length + i)] = text));
    code[String(frame.line)] = line;
    post.forEach((text, i) => (code[String(frame.line! + 1 + i)] = text));
    out.code = code;
  }
  return out;
}

function bugsnagException(ex: ExceptionInfo, type: string): Json {
  // Bugsnag orders frames innermost FIRST; ours has it last.
  return { errorClass: ex.type, message: ex.message, type, stacktrace: ex.frames.map(bugsnagFrame).reverse() };
}

const CRUMB_TYPES = new Set(['navigation', 'request', 'process', 'log', 'user', 'state', 'error', 'manual']);

function bugsnagBreadcrumb(crumb: Breadcrumb): Json {
  const type = CRUMB_TYPES.has(crumb.type)
    ? crumb.type
    : crumb.type === 'http' ? 'request' : crumb.type === 'ui' ? 'user' : crumb.type === 'console' ? 'log' : 'manual';
  const out: Json = { timestamp: crumb.timestamp, name: crumb.message ?? crumb.category ?? crumb.type, type };
  const metaData: Json = { ...crumb.data };
  if (crumb.category !== undefined && crumb.message !== undefined) metaData.category = crumb.category;
  if (crumb.level !== 'info') metaData.level = crumb.level;
  out.metaData = metaData;
  return out;
}

function objectAt(record: Record<string, unknown> | undefined, key: string): Record<string, unknown> | undefined {
  const v = record?.[key];
  return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
}

function stringAt(record: Record<string, unknown> | undefined, key: string): string | undefined {
  const v = record?.[key];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

function deviceOf(event: Event): Json {
  const device: Json = { time: event.timestamp };
  const hostname = event.serverName ?? stringAt(objectAt(event.contexts, 'device'), 'hostname');
  if (hostname) device.hostname = hostname;
  const os = objectAt(event.contexts, 'os');
  if (stringAt(os, 'name')) device.osName = stringAt(os, 'name');
  if (stringAt(os, 'version')) device.osVersion = stringAt(os, 'version');
  const runtime = objectAt(event.contexts, 'runtime');
  const runtimeName = stringAt(runtime, 'name');
  if (runtimeName && stringAt(runtime, 'version')) device.runtimeVersions = { [runtimeName]: stringAt(runtime, 'version') };
  return device;
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url.split('?')[0] ?? url;
  }
}

/** Our event in the Error Reporting API's event shape (payload version 5). */
export function toBugsnagEvent(event: Event): Json {
  const type = event.platform === 'node' ? 'nodejs' : 'browserjs';
  const exceptions = event.exceptions.length > 0
    ? event.exceptions.map((ex) => bugsnagException(ex, type))
    : [{ errorClass: 'Message', message: event.message ?? '', type, stacktrace: [] }];
  const metaData: Json = { ...event.contexts };
  if (Object.keys(event.tags).length > 0) metaData.tags = event.tags;
  metaData.bugmastery = { eventId: event.id, fingerprint: event.fingerprint, occurrences: event.occurrences, level: event.level, ...(event.trimmed ? { trimmed: event.trimmed } : {}) };
  const app: Json = { releaseStage: event.environment, type: event.platform };
  if (event.release) app.version = event.release;
  const out: Json = {
    exceptions,
    severity: severityOf(event.level),
    severityReason: severityReasonOf(event),
    unhandled: event.exceptions[0] ? !event.exceptions[0].mechanism.handled : false,
    app,
    device: deviceOf(event),
    breadcrumbs: event.breadcrumbs.map(bugsnagBreadcrumb),
    groupingHash: event.fingerprint,
    metaData,
  };
  if (event.user) {
    const { id, email, username, ip, ...rest } = event.user;
    const user: Json = {};
    if (id !== undefined) user.id = String(id);
    if (username !== undefined) user.name = String(username);
    if (email !== undefined) user.email = String(email);
    out.user = user;
    if (Object.keys(rest).length > 0 || ip !== undefined) metaData.user = { ...rest, ...(ip !== undefined ? { ip } : {}) };
  }
  if (event.request) {
    const r = event.request;
    out.request = { httpMethod: r.method, url: r.url, headers: r.headers, ...(event.user?.ip ? { clientIp: event.user.ip } : {}) };
    out.context = `${r.method} ${pathOf(r.url)}`;
    if (r.query !== undefined || r.data !== undefined) metaData.request = { query: r.query, body: r.data };
  }
  return out;
}

/** Bugsnag Error Reporting API, payload version 5: several events per request. */
export function bugsnagTransport(options: BugsnagTransportOptions): Transport {
  const apiKey = requireText(options?.apiKey, 'apiKey', 'bugsnagTransport', 'the notifier API key from your project settings');
  const url = requireUrl(options.endpoint ?? 'https://notify.bugsnag.com', 'endpoint', 'bugsnagTransport').toString();
  const maxBatch = options.maxBatch ?? 10;
  if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new TypeError('[bugmastery] bugsnagTransport: option "maxBatch" must be a positive integer');
  return {
    name: options.name ?? 'bugsnag',
    maxBatch,
    // Bugsnag rejects payloads over 1 MB (413): a batch that would be bigger goes as smaller requests.
    maxRequestBytes: 1_000_000,
    fetch: options.fetch,
    encode(events: Event[]) {
      if (events.length === 0) return null;
      const sentAt = new Date().toISOString();
      const body = encodePayload({ apiKey, payloadVersion: '5', notifier: NOTIFIER, events: events.map(toBugsnagEvent) }, events);
      return {
        url,
        headers: { 'content-type': 'application/json', 'bugsnag-api-key': apiKey, 'bugsnag-payload-version': '5', 'bugsnag-sent-at': sentAt },
        body,
      };
    },
  };
}
