import type { Client, RequestInfo } from '@bugmastery/core';
import { processWide, type Scope } from '@bugmastery/core/internal';

/** The parts of a Node `IncomingMessage` (and Express/Koa request) the SDK reads. Structural: no framework types needed. */
export interface IncomingRequestLike {
  method?: string;
  url?: string;
  /** Express: the URL before mounting stripped a prefix. */
  originalUrl?: string;
  headers: Record<string, string | string[] | undefined>;
  socket?: { remoteAddress?: string; encrypted?: boolean } | null;
  /** Express / Koa: client IP honouring `trust proxy`. */
  ip?: string;
  /** Express / Koa: 'http' | 'https' honouring `trust proxy`. */
  protocol?: string;
  /** Parsed body (body-parser); sent only with `sendDefaultPii`. */
  body?: unknown;
}

/** Headers that identify the client: kept only with `sendDefaultPii`. */
const IP_HEADERS = new Set(['x-forwarded-for', 'x-real-ip', 'forwarded', 'cf-connecting-ip', 'true-client-ip', 'x-client-ip']);

export function requestInfo(req: IncomingRequestLike, sendDefaultPii: boolean): RequestInfo {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers ?? {})) {
    if (value === undefined) continue;
    if (!sendDefaultPii && IP_HEADERS.has(name)) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  const path = req.originalUrl ?? req.url ?? '/';
  const protocol = req.protocol ?? (req.socket?.encrypted ? 'https' : 'http');
  const host = headers.host ?? 'localhost';
  const queryAt = path.indexOf('?');
  const info: RequestInfo = {
    method: (req.method ?? 'GET').toUpperCase(),
    url: `${protocol}://${host}${path}`,
    headers,
  };
  if (queryAt >= 0) info.query = Object.fromEntries(new URLSearchParams(path.slice(queryAt + 1)));
  if (sendDefaultPii && req.body !== undefined && req.body !== null && typeof req.body === 'object') info.data = req.body;
  return info;
}

/**
 * A fresh scope for one request: request data and client IP (PII only). The request is read
 * only when an event is built from the scope: most requests never capture, and copying headers
 * and parsing the query on every one of them would cost the app throughput. (No breadcrumb for
 * the request itself: it would repeat `event.request` at a cost on every request.)
 */
export function requestScope(client: Client, req: IncomingRequestLike): Scope {
  const pii = client.options.sendDefaultPii === true;
  const scope = client.getScope().clone();
  scope.setRequest(() => requestInfo(req, pii));
  if (pii) {
    const ip = req.ip ?? req.socket?.remoteAddress;
    if (ip) scope.setUser({ ...scope.user, ip });
  }
  return scope;
}

/** The HTTP status an error asks for (http-errors, Koa, Boom), else 500. */
export function statusOf(error: unknown): number {
  if (error && typeof error === 'object') {
    const e = error as { status?: unknown; statusCode?: unknown; status_code?: unknown; output?: { statusCode?: unknown } };
    for (const candidate of [e.status, e.statusCode, e.status_code, e.output?.statusCode]) {
      const n = Number(candidate);
      if (Number.isInteger(n) && n >= 400 && n < 600) return n;
    }
  }
  return 500;
}

/** Errors already reported by one glue layer (nested routers, Koa's app.on('error')) are not reported twice. */
const reported = processWide('reportedErrors', () => new WeakSet<object>());
/** A thrown string or null cannot be marked: it is remembered on the request (or Koa context) it escaped from. */
const reportedOn = processWide('reportedOn', () => new WeakMap<object, unknown>());

export function markReported(error: unknown, request: object): boolean {
  if (error === null || (typeof error !== 'object' && typeof error !== 'function')) {
    if (reportedOn.has(request) && Object.is(reportedOn.get(request), error)) return false;
    reportedOn.set(request, error);
    return true;
  }
  if (reported.has(error)) return false;
  reported.add(error);
  return true;
}
