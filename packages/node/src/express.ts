import { getCurrentClient, type Scope } from '@bugmastery/core';
import { markReported, requestScope, statusOf, type IncomingRequestLike } from './request';
import { scopeStorage } from './scope-storage';

/** The parts of an Express request the SDK reads (structural: users need no @types/express). */
export interface ExpressRequestLike extends IncomingRequestLike {
  /** Set by Express once a route matched. */
  route?: { path?: unknown } | null;
  baseUrl?: string;
}

export interface ExpressResponseLike {
  statusCode: number;
}

export type ExpressNext = (error?: unknown) => void;
export type ExpressRequestHandler = (req: ExpressRequestLike, res: ExpressResponseLike, next: ExpressNext) => void;
export type ExpressErrorHandler = (error: unknown, req: ExpressRequestLike, res: ExpressResponseLike, next: ExpressNext) => void;

export interface ExpressErrorHandlerOptions {
  /** Which errors to report. Default: those that lead to a status >= 500. */
  shouldCapture?(error: unknown, req: ExpressRequestLike, res: ExpressResponseLike): boolean;
}

const SCOPE = Symbol.for('bugmastery.scope');
type WithScope = { [SCOPE]?: Scope };

const ROUTE_VALUE = Symbol.for('bugmastery.route.value');
const ROUTE_BASE = Symbol.for('bugmastery.route.base');
type WithRoute = WithScope & { [ROUTE_VALUE]?: ExpressRequestLike['route']; [ROUTE_BASE]?: string };
const patchedPrototypes = new WeakSet<object>();

/**
 * The router sets `req.route` while `req.baseUrl` still holds the mount path, and resets
 * `baseUrl` on the way out; an error handler at the app level would see "/:id" instead of
 * "/users/:id". An accessor on the request prototype (installed once, not per request, so
 * requests keep their fast shape) records the full route at the moment it is set.
 */
function recordRoutes(req: ExpressRequestLike): void {
  const proto = Object.getPrototypeOf(req) as object | null;
  if (!proto || patchedPrototypes.has(proto)) return;
  patchedPrototypes.add(proto);
  if (Object.prototype.hasOwnProperty.call(req, 'route')) return;
  Object.defineProperty(proto, 'route', {
    configurable: true,
    enumerable: true,
    get(this: WithRoute) {
      return this[ROUTE_VALUE];
    },
    set(this: WithRoute & ExpressRequestLike, value: ExpressRequestLike['route']) {
      // Only two stores per request: the route string is built when an error needs it.
      this[ROUTE_VALUE] = value;
      this[ROUTE_BASE] = this.baseUrl;
    },
  });
}

/** The request's scope, kept on the request too: stream callbacks (body parsers) can lose async context. */
function scopeOfRequest(req: object): Scope | undefined {
  return (req as WithScope)[SCOPE];
}

/** The matched route as written in the app ("/users/:id"), with the router's mount path. */
export function routeOf(req: ExpressRequestLike): string | undefined {
  const path = req.route?.path;
  if (typeof path !== 'string' && !(path instanceof RegExp)) return undefined;
  const base = ROUTE_BASE in req ? (req as WithRoute)[ROUTE_BASE] : req.baseUrl;
  return `${base ?? ''}${String(path)}`;
}

/**
 * First middleware: gives every request its own scope (AsyncLocalStorage) with the request's
 * method, URL, scrubbed headers and query, so errors captured anywhere inside it, across
 * awaits, carry that context and concurrent requests never mix.
 */
export function expressRequestHandler(): ExpressRequestHandler {
  return function bugmasteryRequestHandler(req, _res, next) {
    const client = getCurrentClient();
    let scope: Scope;
    try {
      if (!client) return next();
      scope = requestScope(client, req);
      (req as WithScope)[SCOPE] = scope;
      recordRoutes(req);
    } catch {
      return next();
    }
    scopeStorage.run(scope, next);
  };
}

/**
 * Last middleware (after the routes): reports errors that lead to a 5xx by default, tags the
 * route, then hands the error on with `next(err)` so the app's own handling still runs.
 */
export function expressErrorHandler(options: ExpressErrorHandlerOptions = {}): ExpressErrorHandler {
  return function bugmasteryErrorHandler(error, req, res, next) {
    try {
      const client = getCurrentClient();
      const wanted = options.shouldCapture ? options.shouldCapture(error, req, res) : statusOf(error) >= 500;
      if (client && wanted && markReported(error)) {
        const route = routeOf(req);
        const scope = scopeOfRequest(req) ?? scopeStorage.getStore() ?? client.getScope();
        scopeStorage.run(scope, () =>
          client.captureException(error, {
            handled: false,
            mechanism: { type: 'express', handled: false },
            tags: route ? { route } : undefined,
          }),
        );
      }
    } catch {
      /* the SDK must not turn the app's error into another one */
    }
    next(error);
  };
}
