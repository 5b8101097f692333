import { getCurrentClient } from '@bugmastery/core';
import type { Scope } from '@bugmastery/core';
import { markReported, requestScope, statusOf, type IncomingRequestLike } from './request';
import { scopeStorage } from './scope-storage';

/** The parts of a Koa context the SDK reads (structural: users need no @types/koa). */
export interface KoaContextLike {
  req: IncomingRequestLike;
  request: { ip?: string; protocol?: string; body?: unknown };
  /** Set by @koa/router once a route matched. */
  _matchedRoute?: string | RegExp;
  routerPath?: string;
}

export type KoaNext = () => Promise<unknown>;
export type KoaMiddleware = (ctx: KoaContextLike, next: KoaNext) => Promise<void>;

export interface KoaMiddlewareOptions {
  /** Which errors to report. Default: those that lead to a status >= 500 (a `ctx.throw(404)` is not). */
  shouldCapture?(error: unknown, ctx: KoaContextLike): boolean;
}

function routeOf(ctx: KoaContextLike): string | undefined {
  const route = ctx._matchedRoute ?? ctx.routerPath;
  return route === undefined ? undefined : String(route);
}

/**
 * The Node request as Koa sees it (its `ip` and `protocol` honour `app.proxy`, `body` is from a
 * body parser). Read at event-build time, not per request: Koa's `ip` parses forwarding headers.
 */
class KoaRequestView implements IncomingRequestLike {
  constructor(private readonly ctx: KoaContextLike) {}
  get method() {
    return this.ctx.req.method;
  }
  get url() {
    return this.ctx.req.url;
  }
  get originalUrl() {
    return this.ctx.req.originalUrl;
  }
  get headers() {
    return this.ctx.req.headers;
  }
  get socket() {
    return this.ctx.req.socket;
  }
  get ip() {
    return this.ctx.request.ip;
  }
  get protocol() {
    return this.ctx.request.protocol;
  }
  get body() {
    return this.ctx.request.body;
  }
}

/**
 * Put first: a per-request scope (AsyncLocalStorage) with the request context, and reporting
 * of errors thrown downstream. The error is rethrown, so Koa's `app.on('error')` and its
 * response stay as they were.
 */
export function koaMiddleware(options: KoaMiddlewareOptions = {}): KoaMiddleware {
  return async function bugmasteryKoa(ctx, next) {
    const client = getCurrentClient();
    let scope: Scope | undefined;
    try {
      if (client) {
        scope = requestScope(client, new KoaRequestView(ctx));
      }
    } catch {
      scope = undefined;
    }
    if (!client || !scope) return void (await next());
    const requestScopeValue = scope;
    await scopeStorage.run(requestScopeValue, async () => {
      try {
        await next();
      } catch (error) {
        try {
          const wanted = options.shouldCapture ? options.shouldCapture(error, ctx) : statusOf(error) >= 500;
          if (wanted && markReported(error, ctx)) {
            const route = routeOf(ctx);
            client.captureException(error, {
              handled: false,
              mechanism: { type: 'koa', handled: false },
              tags: route ? { route } : undefined,
            });
          }
        } catch {
          /* never replace the app's error with ours */
        }
        throw error;
      }
    });
  };
}
