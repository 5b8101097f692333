import { getCurrentClient } from '@bugmastery/core';
import type { Scope } from '@bugmastery/core';
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

/** What the SDK keeps on a request: one own property, so requests keep their fast shape. */
interface RequestState {
  scope: Scope;
  /** `req.route` as the router set it, and `req.baseUrl` at that moment. */
  route: ExpressRequestLike['route'];
  base: string | undefined;
}
const STATE = Symbol.for('bugmastery.request');
type WithState = { [STATE]?: RequestState };

let patchedPrototype: object | null = null;
const patchedPrototypes = new WeakSet<object>();

/**
 * The router sets `req.route` while `req.baseUrl` still holds the mount path, and resets
 * `baseUrl` on the way out; an error handler at the app level would see "/:id" instead of
 * "/users/:id". An accessor on the request prototype (installed once, not per request) records
 * the full route at the moment it is set, into the request's state.
 */
function recordRoutes(req: ExpressRequestLike): void {
  const proto = Object.getPrototypeOf(req) as object | null;
  if (proto === patchedPrototype || !proto) return;
  patchedPrototype = proto;
  if (patchedPrototypes.has(proto)) return;
  patchedPrototypes.add(proto);
  if (Object.prototype.hasOwnProperty.call(req, 'route')) return;
  const fallback = new WeakMap<object, ExpressRequestLike['route']>();
  Object.defineProperty(proto, 'route', {
    configurable: true,
    enumerable: true,
    get(this: WithState) {
      const state = this[STATE];
      return state ? state.route : fallback.get(this);
    },
    set(this: WithState & ExpressRequestLike, value: ExpressRequestLike['route']) {
      const state = this[STATE];
      if (!state) return void fallback.set(this, value); // a request this app never saw (another app, same prototype)
      state.route = value;
      state.base = this.baseUrl;
    },
  });
}

/** The request's scope, kept on the request too: stream callbacks (body parsers) can lose async context. */
function scopeOfRequest(req: object): Scope | undefined {
  return (req as WithState)[STATE]?.scope;
}

/** The matched route as written in the app ("/users/:id"), with the router's mount path. */
export function routeOf(req: ExpressRequestLike): string | undefined {
  const path = req.route?.path;
  if (typeof path !== 'string' && !(path instanceof RegExp)) return undefined;
  const state = (req as WithState)[STATE];
  const base = state && state.route ? state.base : req.baseUrl;
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
      (req as WithState)[STATE] = { scope, route: undefined, base: undefined };
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
      if (client && wanted && markReported(error, req)) {
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
