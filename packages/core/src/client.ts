import { Deliverer, DEFAULT_DELIVERY, describe, type DeliveryOptions, type Outcome } from './delivery/send';
import { BatchQueue, DEFAULT_BATCH } from './delivery/queue';
import { buildExceptionEvent, buildMessageEvent, type BuildContext } from './event/build';
import { fitToSize } from './event/limit';
import { createScrubber } from './event/scrub';
import { errorInfo, truncate } from './error-info';
import { createStackCache, fingerprintOf } from './fingerprint';
import { hash64 } from './hash';
import { numericOptions } from './numeric-options';
import { eventId } from './id';
import { Dedupe } from './pipeline/dedupe';
import { isIgnored } from './pipeline/ignore';
import { RateLimiter } from './pipeline/rate-limit';
import { sampledOut } from './pipeline/sample';
import { DEFAULT_NOTIFY_AT, isThreshold, OccurrenceCounter } from './pipeline/snooze';
import { Scope } from './scope';
import { readStack } from './stack/parse';
import { resolveTransports } from './transports/resolve';
import type { BreadcrumbInput, CaptureHint, DropReason, Event, Level, Logger, Options, Stats, Transport, User } from './types';
import { SDK_VERSION } from './version';

export interface Client {
  readonly options: Readonly<Options>;
  readonly environment: string;
  readonly transports: readonly Transport[];
  captureException(error: unknown, hint?: CaptureHint): string | undefined;
  captureMessage(message: string, level?: Level): string | undefined;
  addBreadcrumb(breadcrumb: BreadcrumbInput): void;
  setUser(user: User | null): void;
  setTag(key: string, value: string): void;
  setContext(name: string, context: Record<string, unknown> | null): void;
  /** The scope captures go into right now: the async-local one when a runtime provides it, else the global one. */
  getScope(): Scope;
  withScope<T>(fn: (scope: Scope) => T): T;
  flush(timeoutMs?: number): Promise<boolean>;
  close(timeoutMs?: number): Promise<boolean>;
  stats(): Stats;
  /** How many times this client has seen a fingerprint, dropped captures included (the snooze counter). */
  occurrences(fingerprint: string): number;
  /** Re-delivers events kept by a runtime (disk or localStorage queue), skipping the decisions they already passed. */
  replay(events: Event[], transportName?: string): void;
}

export const DEFAULTS = {
  dedupeWindowMs: 1000,
  rateLimit: { perFingerprint: { max: 10, intervalMs: 60_000 }, global: { max: 300, intervalMs: 60_000 } },
  maxBreadcrumbs: 100,
  beforeSendTimeoutMs: 5000,
  flushTimeoutMs: 2000,
};

const DROP_REASONS: DropReason[] = [
  'sampled', 'ignored', 'beforeSend', 'deduped', 'rateLimited', 'queueFull',
  'transportFailed', 'backoff', 'filtered', 'noTransport', 'closed', 'internalError',
];

/** One line per distinct problem: the SDK must not flood the app's logs while things burn. */
function onceLogger(logger: Logger | undefined): Logger {
  const seen = new Set<string>();
  const fallback: Logger = {
    warn: (m) => (typeof console !== 'undefined' ? console.warn(m) : undefined),
    error: (m) => (typeof console !== 'undefined' ? console.error(m) : undefined),
  };
  const target = logger ?? fallback;
  const once = (level: 'warn' | 'error') => (message: string) => {
    if (seen.has(message)) return;
    if (seen.size > 500) seen.clear();
    seen.add(message);
    try {
      target[level](message);
    } catch {
      /* a broken logger must not break capture */
    }
  };
  return { warn: once('warn'), error: once('error') };
}

function defaultEnvironment(): string {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.NODE_ENV;
  return env || 'production';
}

function sleepOrTimeout(ms: number): { promise: Promise<false>; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const promise = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

const TIMED_OUT: unique symbol = Symbol('timed out');

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  const t = sleepOrTimeout(ms);
  return Promise.race([promise.finally(t.cancel), t.promise.then((): typeof TIMED_OUT => TIMED_OUT)]);
}

const LEVELS = new Set<Level>(['fatal', 'error', 'warning', 'info', 'debug']);

/** What beforeSend returns must still be an event every encoder can read; anything else is dropped as `beforeSend`. */
function isEvent(value: unknown): value is Event {
  if (!value || typeof value !== 'object') return false;
  const e = value as Partial<Event>;
  return typeof e.id === 'string' && typeof e.fingerprint === 'string' && Array.isArray(e.exceptions) && Array.isArray(e.breadcrumbs) && !!e.tags && typeof e.tags === 'object' && !!e.contexts && typeof e.contexts === 'object';
}

/** Combines per-transport outcomes of one event into its single accounting line. */
function finalOutcome(outcomes: Outcome[]): 'delivered' | 'persisted' | DropReason {
  if (outcomes.includes('sent')) return 'delivered';
  if (outcomes.includes('persisted')) return 'persisted';
  if (outcomes.includes('filtered')) return 'filtered';
  if (outcomes.includes('backoff')) return 'backoff';
  return 'transportFailed';
}

/**
 * The pipeline: cheap decisions on the raw error (sample, ignore, fingerprint, dedupe, rate
 * limit), then the full event (scope, scrub, symbolication), then beforeSend, the batch queue
 * and the fan-out to every transport through the one delivery layer.
 */
export function createClient(options: Options): Client {
  const logger = onceLogger(options.logger);
  const platform = options.platform;
  const environment = options.environment || defaultEnvironment();
  const transports = resolveTransports(options.transports, environment, logger);
  const deliveryOptions: DeliveryOptions = numericOptions(DEFAULT_DELIVERY, options.delivery, ['timeoutMs']);
  const deliverers = transports.map(
    (t) => new Deliverer(t, deliveryOptions, { logger, fetch: platform?.fetch, persist: platform?.persist?.bind(platform), maxRequestBytes: platform?.maxRequestBytes }),
  );
  const batch = numericOptions(DEFAULT_BATCH, options.batch, ['maxEvents']);
  const notifyAt = options.notifyAt ?? DEFAULT_NOTIFY_AT;
  const rules = { inAppInclude: options.inAppInclude, inAppExclude: options.inAppExclude };
  const scrubber = createScrubber(options.scrub?.keys, !options.sendDefaultPii);
  const parseStack = createStackCache({ ...rules, mapFrames: platform?.mapFrames?.bind(platform) });
  const dedupe = new Dedupe(options.dedupeWindowMs ?? DEFAULTS.dedupeWindowMs);
  const limiter = new RateLimiter(options.rateLimit ?? DEFAULTS.rateLimit);
  const occurrences = new OccurrenceCounter();
  const globalScope = new Scope(options.maxBreadcrumbs ?? DEFAULTS.maxBreadcrumbs);
  const sdk = platform?.sdk ?? { name: 'bugmastery.javascript', version: SDK_VERSION };
  let scopeStack: Scope[] = [];

  const counts = { captured: 0, delivered: 0, persisted: 0 };
  const dropped = Object.fromEntries(DROP_REASONS.map((r) => [r, 0])) as Record<DropReason, number>;
  /** Events accepted but not yet accounted (building, queued or in delivery): bounded by maxQueue. */
  let pending = 0;
  const inflight = new Set<Promise<unknown>>();
  let closed = false;

  /** Scope setters run in the app's code path: a value whose toString throws must not throw there. */
  const guard = (fn: () => void): void => {
    try {
      fn();
    } catch (err) {
      logger.error(`[bugmastery] a scope value was unusable and is left out: ${describe(err)}`);
    }
  };

  const drop = (reason: DropReason): undefined => {
    dropped[reason]++;
    return undefined;
  };

  const settle = (result: 'delivered' | 'persisted' | DropReason): void => {
    pending--;
    if (result === 'delivered') counts.delivered++;
    else if (result === 'persisted') counts.persisted++;
    else dropped[result]++;
  };

  const track = <T>(promise: Promise<T>): Promise<T> => {
    inflight.add(promise);
    void promise.finally(() => inflight.delete(promise)).catch(() => undefined);
    return promise;
  };

  const fanOut = (events: Event[], only?: Deliverer[]): void => {
    const targets = only ?? deliverers;
    if (targets.length === 0) {
      for (let i = 0; i < events.length; i++) settle('noTransport');
      return;
    }
    track(
      Promise.all(targets.map((d) => d.deliver(events))).then((perTransport) => {
        for (let i = 0; i < events.length; i++) settle(finalOutcome(perTransport.map((o) => o[i])));
      }),
    );
  };

  const queue = new BatchQueue(batch, (events) => fanOut(events));

  const currentScope = (): Scope => platform?.currentScope?.() ?? scopeStack[scopeStack.length - 1] ?? globalScope;

  /** The scope an event is built from: the current one, with the hint's additions on a copy. */
  const scopeFor = (hint: CaptureHint | undefined): Scope => {
    const scope = currentScope();
    if (!hint || (!hint.tags && !hint.contexts && hint.user === undefined && !hint.request)) return scope;
    const copy = scope.clone();
    // Part by part: one unusable hint field (a tag whose toString throws) must not cost the event.
    guard(() => {
      if (hint.tags) for (const [k, v] of Object.entries(hint.tags)) guard(() => copy.setTag(k, String(v)));
    });
    guard(() => {
      if (hint.contexts) for (const [k, v] of Object.entries(hint.contexts)) copy.setContext(k, v);
    });
    guard(() => {
      if (hint.user !== undefined) copy.setUser(hint.user);
    });
    guard(() => {
      if (hint.request) copy.setRequest(hint.request);
    });
    return copy;
  };

  /** The cheap half: returns the fingerprint and its count, or the reason to drop. */
  const decide = (type: string, message: string, stack: string | undefined, hint: CaptureHint | undefined) => {
    if (sampledOut(options.sampleRate)) return drop('sampled');
    if (isIgnored(type, message, options.ignoreErrors) || platform?.ignore?.(type, message, stack)) return drop('ignored');
    const forced = hint?.fingerprint;
    const fingerprint = forced
      ? hash64(Array.isArray(forced) ? forced.join('\n') : String(forced))
      : fingerprintOf(type, message, stack ? parseStack(stack).path : null);
    const count = occurrences.increment(fingerprint);
    const now = Date.now();
    // Snooze milestones (1st, 10th, 100th…) always go out: they are what the bugmaster is told.
    const milestone = isThreshold(count, notifyAt);
    if (dedupe.isDuplicate(fingerprint, now) && !milestone) return drop('deduped');
    if (!limiter.allow(fingerprint, now) && !milestone) return drop('rateLimited');
    if (pending >= batch.maxQueue) return drop('queueFull');
    return { fingerprint, count, now };
  };

  const buildContext = (fingerprint: string, count: number, now: number, scope: Scope): BuildContext => ({
    id: eventId(),
    fingerprint,
    occurrences: count,
    environment,
    release: options.release,
    platform: platform?.name ?? 'javascript',
    sdk,
    scope,
    scrubber,
    parse: parseStack,
    now,
  });

  /** The slow half, after the event exists: runtime enrichment, fingerprint override, beforeSend, size limit. */
  const finish = async (event: Event, error: unknown, hint: CaptureHint): Promise<void> => {
    let outcome: 'queued' | DropReason = 'internalError';
    try {
      if (platform?.enrich) await platform.enrich(event, error);
      if (options.fingerprint) {
        try {
          const custom = options.fingerprint(event);
          if (custom !== undefined && custom !== null) event.fingerprint = hash64(Array.isArray(custom) ? custom.join('\n') : String(custom));
        } catch (err) {
          logger.error(`[bugmastery] the fingerprint option threw; the default fingerprint is kept: ${describe(err)}`);
        }
      }
      let final: Event | null | undefined = event;
      if (options.beforeSend) {
        try {
          const result = await withTimeout(Promise.resolve(options.beforeSend(event, hint)), options.beforeSendTimeoutMs ?? DEFAULTS.beforeSendTimeoutMs);
          if (result === TIMED_OUT) {
            logger.warn('[bugmastery] beforeSend did not settle in time; the event is dropped');
            final = null;
          } else if (isEvent(result)) final = result;
          else {
            if (result !== null && result !== undefined) logger.warn('[bugmastery] beforeSend returned something that is not an event; the event is dropped');
            final = null;
          }
        } catch (err) {
          logger.error(`[bugmastery] beforeSend threw; the event is dropped: ${describe(err)}`);
          final = null;
        }
      }
      if (!final) {
        outcome = 'beforeSend';
        return;
      }
      if (closed) {
        outcome = 'closed';
        return;
      }
      queue.push(fitToSize(final));
      outcome = 'queued';
    } catch (err) {
      logger.error(`[bugmastery] could not process an event: ${describe(err)}`);
    } finally {
      if (outcome !== 'queued') settle(outcome);
    }
  };

  const captureException = (error: unknown, hint?: CaptureHint): string | undefined => {
    counts.captured++;
    try {
      if (closed) return drop('closed');
      const info = errorInfo(error);
      const decision = decide(info.type, info.message, readStack(error), hint);
      if (!decision) return undefined;
      pending++;
      let ctx: BuildContext;
      let event: Event;
      try {
        ctx = buildContext(decision.fingerprint, decision.count, decision.now, scopeFor(hint));
        event = buildExceptionEvent(error, info, hint, ctx);
      } catch (err) {
        settle('internalError');
        logger.error(`[bugmastery] could not build an event: ${describe(err)}`);
        return undefined;
      }
      track(finish(event, error, { ...hint, originalException: error }));
      return event.id;
    } catch (err) {
      logger.error(`[bugmastery] captureException failed: ${describe(err)}`);
      return drop('internalError');
    }
  };

  const captureMessage = (message: string, level: Level = 'info'): string | undefined => {
    counts.captured++;
    try {
      if (closed) return drop('closed');
      const text = truncate(typeof message === 'string' ? message : String(message));
      const decision = decide('Message', text, undefined, undefined);
      if (!decision) return undefined;
      pending++;
      const event = buildMessageEvent(text, level, buildContext(decision.fingerprint, decision.count, decision.now, currentScope()));
      track(finish(event, text, {}));
      return event.id;
    } catch (err) {
      logger.error(`[bugmastery] captureMessage failed: ${describe(err)}`);
      return drop('internalError');
    }
  };

  const flush = async (timeoutMs = DEFAULTS.flushTimeoutMs): Promise<boolean> => {
    const deadline = Date.now() + Math.max(0, timeoutMs);
    try {
      // Deliveries spawn deliveries (build → queue → send): loop until nothing is left or time is up.
      for (let round = 0; round < 100; round++) {
        queue.drain();
        if (inflight.size === 0) return pending <= 0;
        const left = deadline - Date.now();
        if (left <= 0) return false;
        const result = await withTimeout(Promise.allSettled([...inflight]), left);
        if (result === TIMED_OUT) return false;
      }
      return inflight.size === 0 && queue.size === 0;
    } catch (err) {
      logger.error(`[bugmastery] flush failed: ${describe(err)}`);
      return false;
    }
  };

  const client: Client = {
    options,
    environment,
    transports,
    captureException,
    captureMessage,
    addBreadcrumb(input) {
      try {
        if (!input || typeof input !== 'object') return;
        const ts = input.timestamp === undefined ? new Date() : new Date(input.timestamp);
        currentScope().addBreadcrumb({
          timestamp: Number.isNaN(ts.getTime()) ? new Date().toISOString() : ts.toISOString(),
          // Stored as strings now: a hostile value kept in the ring would break every later event.
          type: input.type === undefined ? 'default' : String(input.type).slice(0, 200),
          category: input.category === undefined ? undefined : String(input.category).slice(0, 200),
          message: input.message === undefined ? undefined : String(input.message).slice(0, 2048),
          data: input.data,
          level: LEVELS.has(input.level as Level) ? (input.level as Level) : 'info',
        });
      } catch (err) {
        logger.error(`[bugmastery] addBreadcrumb failed: ${describe(err)}`);
      }
    },
    setUser: (user) => guard(() => currentScope().setUser(user)),
    setTag: (key, value) => guard(() => currentScope().setTag(String(key), String(value))),
    setContext: (name, context) => guard(() => currentScope().setContext(String(name), context)),
    getScope: currentScope,
    withScope<T>(fn: (scope: Scope) => T): T {
      const scope = currentScope().clone();
      if (platform?.runWithScope) return platform.runWithScope(scope, () => fn(scope));
      scopeStack = scopeStack.concat(scope);
      try {
        return fn(scope);
      } finally {
        scopeStack = scopeStack.filter((s) => s !== scope);
      }
    },
    flush,
    async close(timeoutMs = DEFAULTS.flushTimeoutMs) {
      if (closed) return flush(0);
      const ok = await flush(timeoutMs);
      closed = true;
      for (const d of deliverers) d.close();
      return ok;
    },
    stats(): Stats {
      const perTransport: Stats['transports'] = {};
      for (const d of deliverers) perTransport[d.transport.name] = { ...d.stats };
      return { captured: counts.captured, delivered: counts.delivered, persisted: counts.persisted, pending, dropped: { ...dropped }, transports: perTransport };
    },
    occurrences: (fingerprint) => occurrences.get(fingerprint),
    replay(events, transportName) {
      try {
        const only = transportName ? deliverers.filter((d) => d.transport.name === transportName) : undefined;
        if (only && only.length === 0) {
          logger.warn(`[bugmastery] kept events for transport "${transportName}", which is not configured now; they are dropped`);
        }
        counts.captured += events.length;
        pending += events.length;
        fanOut(events, only);
      } catch (err) {
        logger.error(`[bugmastery] replay failed: ${describe(err)}`);
      }
    },
  };
  return client;
}
