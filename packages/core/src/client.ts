import { createDeliverer, describe, type Outcome } from './delivery/send';
import { createBatchQueue } from './delivery/queue';
import { DEV } from './dev';
import { buildExceptionEvent, buildMessageEvent, LEVELS, type BuildContext } from './event/build';
import { isEvent } from './event/is-event';
import { fitToSize } from './event/limit';
import { dropContextLines } from './event/context-lines';
import { DEFAULT_LIMITS, textOf } from './event/normalize';
import { createScrubber } from './event/scrub';
import { errorInfo, isErrorObject, MAX_MESSAGE } from './error-info';
import { onceLogger } from './once-logger';
import { truncate } from './text';
import { createStackCache, fingerprintOf, type ParsedStack } from './fingerprint';
import { hash64 } from './hash';
import { CORE_OPTION_NAMES, CORE_OPTIONS, DEFAULTS } from './options/core';
import { readOptions, unknownOptions } from './options/schema';
import { eventId } from './id';
import { createDedupe } from './pipeline/dedupe';
import { isIgnored } from './pipeline/ignore';
import { createRateLimiter } from './pipeline/rate-limit';
import { sampledOut } from './pipeline/sample';
import { createOccurrenceCounter, isThreshold } from './pipeline/snooze';
import { Scope } from './scope';
import { readStack } from './stack/parse';
import { resolveTransports } from './transports/resolve';
import type { BreadcrumbInput, CaptureHint, DropReason, Event, Level, Logger, OccurrenceCount, Options, Stats, Transport, User } from './types';
import { clampDelay, delayOr } from './timer';
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
  /**
   * Re-delivers events kept by a runtime (disk or localStorage queue), skipping the decisions they
   * already passed. Resolves (never rejects) once each is accounted: delivered, kept again or dropped.
   */
  replay(events: Event[], transportName?: string): Promise<void>;
}

export { DEFAULTS };

type Tally = Record<'captured' | 'delivered' | 'persisted' | DropReason, number>;

declare const process: { env: { NODE_ENV?: string } };

/**
 * NODE_ENV, written out as `process.env.NODE_ENV` so that bundlers (esbuild, webpack, Vite) replace
 * it in browser builds; where nothing replaced it and there is no `process`, reading it throws.
 */
function nodeEnv(): string | undefined {
  try {
    return process.env.NODE_ENV || undefined;
  } catch {
    return undefined;
  }
}

const TIMED_OUT: unique symbol = Symbol();

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), clampDelay(ms));
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}



/** What beforeSend's warnings add in development builds: production ones name the callback and the reason (see dev.ts). */
const eventDropped = (warning: string): string => (DEV ? `${warning}; event dropped` : warning);

/** A fingerprint given by the app (hint or option): a string or parts, hashed like ours. */
const customFingerprint = (value: string | string[]): string => hash64(Array.isArray(value) ? value.map((part) => textOf(part)).join('\n') : textOf(value));

/** Combines per-transport outcomes of one event into its single accounting line: the first of these any transport had. */
const finalOutcome = (outcomes: Outcome[]): 'delivered' | 'persisted' | DropReason =>
  outcomes.includes('sent') ? 'delivered' : (['persisted', 'filtered', 'backoff'] as const).find((o) => outcomes.includes(o)) ?? 'transportFailed';

/**
 * The pipeline: cheap decisions on the raw error (sample, ignore, fingerprint, dedupe, rate
 * limit), then the full event (scope, scrub, symbolication), then beforeSend, the batch queue
 * and the fan-out to every transport through the one delivery layer.
 */
export function createClient(options: Options): Client {
  // Read once against the schema: bad values fall back to their defaults, and every problem
  // (the runtime's too, unknown names, a missing transport) is told in one warning.
  const { values: o, problems } = readOptions(options, CORE_OPTIONS);
  const platform = options?.platform;
  problems.unshift(...(platform?.options?.problems ?? []));
  problems.push(...unknownOptions(options ?? {}, [...CORE_OPTION_NAMES, ...(platform?.options?.names ?? [])]));
  const logger = onceLogger(o.logger);
  const fromNodeEnv = nodeEnv();
  const environment = o.environment || fromNodeEnv || 'production';
  // Said when a lookup fails: on a laptop without NODE_ENV, "production" is a surprise.
  const assumed = DEV && !o.environment && !fromNodeEnv ? ' (neither "environment" nor NODE_ENV is set, so "production" is assumed)' : '';
  const transports = resolveTransports(options?.transports, environment, logger, problems, assumed);
  if (problems.length > 0) {
    logger.warn(problems.length === 1 ? `[bugmastery] ${problems[0]}` : `[bugmastery] ${problems.length} problems with the options:\n  - ${problems.join('\n  - ')}`);
  }
  const deliverers = transports.map(
    (t) => createDeliverer(t, o.delivery, { logger, fetch: platform?.fetch, persist: platform?.persist?.bind(platform), maxRequestBytes: platform?.maxRequestBytes }),
  );
  const batch = o.batch;
  const notifyAt = o.notifyAt;
  const rules = { inAppInclude: o.inAppInclude, inAppExclude: o.inAppExclude };
  const scrubber = createScrubber(o.scrub.keys, !o.sendDefaultPii);
  // Source lines around frames are scrubbed by what the runtime that adds them hands in, else removed.
  const scrubContextLines = platform?.scrubContextLines?.(scrubber.text) ?? dropContextLines;
  const stackOptions = { ...rules, relativePath: platform?.relativePath?.bind(platform), scrubUrl: scrubber.url };
  const parseErrorStack = createStackCache({ ...stackOptions, mapFrames: platform?.mapFrames?.bind(platform) });
  // A stack on a value that is not an Error is data (an upstream body, a deserialised message): parsed and
  // fingerprinted, never handed to the runtime's symbolication, so it cannot make the runtime read a file.
  const parseDataStack = platform?.mapFrames ? createStackCache(stackOptions) : parseErrorStack;
  const parseStack = (stack: string, fromError: boolean): ParsedStack => (fromError ? parseErrorStack : parseDataStack)(stack);
  const isDuplicate = createDedupe(o.dedupeWindowMs);
  const allow = createRateLimiter(o.rateLimit);
  const occurrences = createOccurrenceCounter();
  /** Transports that keep shared counts: told each fingerprint's running count in batches, off the capture path. */
  const counting = deliverers.filter((d) => typeof d.transport.onOccurrences === 'function');
  /** Fingerprints captured since the last report to `counting`. */
  const unreported = new Set<string>();
  let reportTimer: ReturnType<typeof setTimeout> | undefined;
  const globalScope = new Scope(o.maxBreadcrumbs);
  const sdk = platform?.sdk ?? { name: 'bugmastery.javascript', version: SDK_VERSION };
  const platformName = platform?.name ?? 'javascript';
  const beforeSendTimeoutMs = o.beforeSendTimeoutMs;
  let scopeStack: Scope[] = [];

  // Every captured event ends in exactly one of these lines (stats() splits delivered/persisted from the drop reasons).
  const tally: Tally = {
    captured: 0, delivered: 0, persisted: 0,
    sampled: 0, ignored: 0, beforeSend: 0, deduped: 0, rateLimited: 0, queueFull: 0,
    transportFailed: 0, backoff: 0, filtered: 0, noTransport: 0, closed: 0, internalError: 0,
  };
  /** Events accepted but not yet accounted (building, queued or in delivery): bounded by maxQueue. */
  let pending = 0;
  const inflight = new Set<Promise<unknown>>();
  let closed = false;

  const warn = (what: string): void => logger.warn(`[bugmastery] ${what}`);
  const fail = (what: string, err: unknown): void => logger.error(`[bugmastery] ${what}: ${describe(err)}`);

  for (const t of transports) {
    try {
      t.setup?.({ logger });
    } catch (err) {
      fail(`${t.name}: setup failed`, err);
    }
  }

  /** Scope setters run in the app's code path: a value whose toString throws must not throw there. */
  const guard = (fn: () => void): void => {
    try {
      fn();
    } catch (err) {
      fail('unusable scope value left out', err);
    }
  };

  const drop = (reason: DropReason): undefined => {
    tally[reason]++;
    return undefined;
  };

  const settle = (result: 'delivered' | 'persisted' | DropReason): void => {
    pending--;
    tally[result]++;
  };

  /** An accepted event that failed in the SDK's own code (or an app callback): logged once, counted, never thrown. */
  const lose = (reason: 'internalError' | 'beforeSend', what: string, err: unknown): void => {
    fail(what, err);
    settle(reason);
  };
  const broken = (err: unknown): void => lose('internalError', 'could not process an event', err);
  const beforeSendThrew = (err: unknown): void => lose('beforeSend', eventDropped('beforeSend threw'), err);

  const track = <T>(promise: Promise<T>): Promise<T> => {
    inflight.add(promise);
    void promise.finally(() => inflight.delete(promise)).catch(() => undefined);
    return promise;
  };

  /** Resolves once every one of `events` is accounted for. */
  const fanOut = (events: Event[], targets = deliverers): Promise<unknown> => {
    // Without a transport each is accounted at once: nothing is left in flight for flush() to wait on.
    if (targets.length === 0) {
      for (let i = 0; i < events.length; i++) settle('noTransport');
      return Promise.resolve();
    }
    return track(
      Promise.all(targets.map((d) => d.deliver(events))).then((perTransport) => {
        for (let i = 0; i < events.length; i++) settle(finalOutcome(perTransport.map((o) => o[i])));
      }),
    );
  };

  const queue = createBatchQueue(batch, (events) => fanOut(events));
  /** The runtime may stop without notice (see Platform.onSuspend): nothing waits for a batch timer or a backoff. */
  let suspended = false;
  platform?.onSuspend?.((on) => {
    suspended = on;
    for (const d of deliverers) d.suspend(on);
    if (on) queue.drain();
  });

  /** On the capture path: one set insertion, and a timer armed once per interval. */
  const noteOccurrence = (fingerprint: string): void => {
    unreported.add(fingerprint);
    if (reportTimer === undefined && !closed) {
      reportTimer = setTimeout(reportOccurrences, o.occurrenceReportMs);
      // A pending report must not keep a process alive; flush() and close() report what is left.
      (reportTimer as { unref?: () => void }).unref?.();
    }
  };

  /** Hands the running counts to each counting transport; what it returns is delivered through it alone (not captures: not tallied). */
  const reportOccurrences = (): void => {
    clearTimeout(reportTimer);
    reportTimer = undefined;
    if (unreported.size === 0) return;
    const counts: OccurrenceCount[] = [];
    for (const fingerprint of unreported) counts.push({ fingerprint, occurrences: occurrences.get(fingerprint) });
    unreported.clear();
    for (const d of counting) {
      track(
        withTimeout(Promise.resolve().then(() => d.transport.onOccurrences!(counts)), o.delivery.timeoutMs)
          .then((items) => (Array.isArray(items) && items.length > 0 ? d.deliver(items) : undefined))
          .catch((err: unknown) => fail(`${d.transport.name}: could not report occurrence counts`, err)),
      );
    }
  };

  const currentScope = (): Scope => platform?.currentScope?.() ?? scopeStack[scopeStack.length - 1] ?? globalScope;

  /** The scope an event is built from: the current one, with the hint's additions on a copy. */
  const scopeFor = (hint: CaptureHint | undefined): Scope => {
    const scope = currentScope();
    if (!hint || (!hint.tags && !hint.contexts && hint.user === undefined && !hint.request)) return scope;
    const copy = scope.clone();
    const { tags, contexts } = hint;
    // Part by part: one unusable hint field (a tag whose toString throws) must not cost the event.
    // As many as an event keeps (DEFAULT_LIMITS.breadth): a hint with a million tags costs what one with a hundred does.
    const each = (record: object | undefined, add: (key: string) => void): void => guard(() => record && Object.keys(record).slice(0, DEFAULT_LIMITS.breadth).forEach(add));
    each(tags, (k) => guard(() => copy.setTag(k, textOf(tags![k]))));
    each(contexts, (k) => copy.setContext(k, contexts![k]));
    guard(() => hint.user !== undefined && copy.setUser(hint.user));
    guard(() => hint.request && copy.setRequest(hint.request));
    return copy;
  };

  /** The cheap half: returns the fingerprint and its count, or the reason to drop. */
  const decide = (type: string, message: string, stack: string | undefined, hint: CaptureHint | undefined, fromError = false) => {
    if (sampledOut(o.sampleRate)) return drop('sampled');
    if (isIgnored(type, message, o.ignoreErrors) || platform?.ignore?.(type, message, stack)) return drop('ignored');
    const forced = hint?.fingerprint;
    const fingerprint = forced ? customFingerprint(forced) : fingerprintOf(type, message, stack ? parseStack(stack, fromError).path : null);
    const count = occurrences.increment(fingerprint);
    if (counting.length > 0) noteOccurrence(fingerprint);
    const now = Date.now();
    // Snooze milestones (1st, 10th, 100th…) always go out: they are what the bugmaster is told.
    const milestone = isThreshold(count, notifyAt);
    if (isDuplicate(fingerprint, now) && !milestone) return drop('deduped');
    if (!allow(fingerprint, now) && !milestone) return drop('rateLimited');
    if (pending >= batch.maxQueue) return drop('queueFull');
    return { fingerprint, occurrences: count, now };
  };

  /**
   * After the decisions: the event is built from the scope with `captureHint`'s additions (a failure
   * there is counted, never thrown) and handed to `finish` with the `hint` the app's callbacks get.
   */
  const accept = (
    decision: Exclude<ReturnType<typeof decide>, undefined>,
    captureHint: CaptureHint | undefined,
    build: (ctx: BuildContext) => Event,
    error: unknown,
    hint: CaptureHint,
  ): string | undefined => {
    pending++;
    let event: Event;
    try {
      event = build({
        id: eventId(),
        fingerprint: decision.fingerprint,
        occurrences: decision.occurrences,
        environment,
        release: o.release,
        platform: platformName,
        sdk,
        scope: scopeFor(captureHint),
        scrubber,
        parse: parseStack,
        now: decision.now,
      });
    } catch (err) {
      lose('internalError', 'could not build an event', err);
      return undefined;
    }
    finish(event, error, hint);
    return event.id;
  };

  /** The slow half, after the event exists: runtime enrichment, fingerprint override, beforeSend, size limit. */
  const finish = (event: Event, error: unknown, hint: CaptureHint): void => {
    // Synchronous unless the runtime's enrichment or beforeSend hands back a promise: most events
    // then cost no promise, no microtask and no in-flight bookkeeping.
    let enriched: void | Promise<void> | undefined;
    try {
      enriched = platform?.enrich?.(event, error);
    } catch (err) {
      return broken(err);
    }
    if (enriched && typeof enriched.then === 'function') {
      track(enriched.then(() => complete(event, hint), broken));
    } else complete(event, hint);
  };

  /** Fingerprint override, beforeSend (possibly async, bounded), size limit, queue: exactly one outcome per event. */
  const complete = (event: Event, hint: CaptureHint): void => {
    try {
      // After the runtime's enrichment, before the app's callbacks: nothing the runtime added goes out unscrubbed.
      scrubContextLines(event);
      if (o.fingerprint) {
        try {
          const custom = o.fingerprint(event);
          if (custom !== undefined && custom !== null) event.fingerprint = customFingerprint(custom);
        } catch (err) {
          fail(DEV ? 'fingerprint option threw; default fingerprint kept' : 'fingerprint option threw', err);
        }
      }
      if (!o.beforeSend) return enqueue(event);
      let result: unknown;
      try {
        result = o.beforeSend(event, hint);
      } catch (err) {
        return beforeSendThrew(err);
      }
      if (result && typeof (result as Promise<unknown>).then === 'function') {
        track(
          withTimeout(Promise.resolve(result), beforeSendTimeoutMs).then(afterBeforeSend, beforeSendThrew),
        );
      } else afterBeforeSend(result);
    } catch (err) {
      broken(err);
    }
  };

  /** Also runs in a promise callback (async beforeSend), where a throw would leave the event unaccounted. */
  const afterBeforeSend = (result: unknown): void => {
    try {
      if (result === TIMED_OUT) warn(eventDropped('beforeSend did not settle in time'));
      else if (isEvent(result as Event)) return enqueue(result as Event);
      else if (result !== null && result !== undefined) warn(eventDropped('beforeSend returned what is not an event'));
    } catch (err) {
      // What beforeSend returned throws when read (a getter, a Proxy): not an event either.
      fail(eventDropped('beforeSend returned an unreadable value'), err);
    }
    settle('beforeSend');
  };

  const enqueue = (event: Event): void => {
    if (closed) return settle('closed');
    try {
      queue.push(fitToSize(event));
      if (suspended) queue.drain();
    } catch (err) {
      broken(err);
    }
  };

  /** The boundary every capture goes through: counted once, never throws into the app. */
  const capture = (name: string, run: () => string | undefined): string | undefined => {
    tally.captured++;
    try {
      return closed ? drop('closed') : run();
    } catch (err) {
      fail(`${name} failed`, err);
      return drop('internalError');
    }
  };

  const captureException = (error: unknown, hint?: CaptureHint): string | undefined =>
    capture('captureException', () => {
      const info = errorInfo(error);
      const decision = decide(info.type, info.message, readStack(error), hint, isErrorObject(error));
      return decision && accept(decision, hint, (ctx) => buildExceptionEvent(error, info, hint, ctx), error, { ...hint, originalException: error });
    });

  const captureMessage = (message: string, level: Level = 'info'): string | undefined =>
    capture('captureMessage', () => {
      const text = truncate(textOf(message), MAX_MESSAGE);
      const decision = decide('Message', text, undefined, undefined);
      return decision && accept(decision, undefined, (ctx) => buildMessageEvent(text, level, ctx), text, {});
    });

  const flush = async (timeoutMs?: number): Promise<boolean> => {
    const deadline = Date.now() + delayOr(timeoutMs, DEFAULTS.flushTimeoutMs);
    try {
      // Deliveries spawn deliveries (build → queue → send): loop until nothing is left or time is up.
      for (let round = 0; round < 100; round++) {
        queue.drain();
        // Counts go last, once the queued events carried theirs: what is left is what was dropped.
        if (inflight.size === 0 && unreported.size > 0) reportOccurrences();
        if (inflight.size === 0) return pending <= 0;
        const left = deadline - Date.now();
        if (left <= 0) return false;
        const result = await withTimeout(Promise.allSettled([...inflight]), left);
        if (result === TIMED_OUT) return false;
      }
      return inflight.size === 0 && queue.size === 0;
    } catch (err) {
      fail('flush failed', err);
      return false;
    }
  };

  const figuresOf = (transport: Transport): Partial<Stats['transports'][string]> | undefined => {
    try {
      return transport.figures?.();
    } catch {
      return undefined;
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
        const ts = new Date(input.timestamp ?? Date.now());
        // Stored as strings now: a hostile value kept in the ring would break every later event.
        const text = (v: unknown, max: number): string | undefined => (v === undefined ? v : textOf(v).slice(0, max));
        currentScope().addBreadcrumb({
          timestamp: (Number.isNaN(ts.getTime()) ? new Date() : ts).toISOString(),
          type: text(input.type, 200) ?? 'default',
          category: text(input.category, 200),
          message: text(input.message, 2048),
          data: input.data,
          level: LEVELS.has(input.level as Level) ? (input.level as Level) : 'info',
        });
      } catch (err) {
        fail('addBreadcrumb failed', err);
      }
    },
    setUser: (user) => guard(() => currentScope().setUser(user)),
    setTag: (key, value) => guard(() => currentScope().setTag(textOf(key), textOf(value))),
    setContext: (name, context) => guard(() => currentScope().setContext(textOf(name), context)),
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
    async close(timeoutMs) {
      if (closed) return flush(0);
      const ok = await flush(timeoutMs);
      closed = true;
      clearTimeout(reportTimer);
      for (const d of deliverers) d.close();
      // Transports release what they hold (a store's connection), bounded like a flush.
      const released = Promise.allSettled(transports.map((t) => Promise.resolve().then(() => t.close?.())));
      await withTimeout(released, delayOr(timeoutMs, DEFAULTS.flushTimeoutMs));
      return ok;
    },
    stats(): Stats {
      const { captured, delivered, persisted, ...dropped } = tally;
      const transports: Stats['transports'] = {};
      for (const d of deliverers) transports[d.transport.name] = { ...d.stats, ...figuresOf(d.transport) };
      return { captured, delivered, persisted, pending, dropped, transports };
    },
    occurrences: (fingerprint) => occurrences.get(fingerprint),
    async replay(events, transportName) {
      try {
        if (!Array.isArray(events)) return warn(DEV ? 'replay() takes an array of events; nothing replayed' : 'replay(): not an array');
        // Kept events come back from storage a page load or a process later: what is no longer an event is left out.
        const kept = events.filter((e) => isEvent(e));
        if (kept.length < events.length) warn(`replay(): ${events.length - kept.length} kept item(s) are not events${DEV ? '; left out' : ''}`);
        events = kept;
        const only = transportName ? deliverers.filter((d) => d.transport.name === transportName) : undefined;
        if (only && only.length === 0) {
          warn(`kept events dropped: transport "${transportName}" is not configured`);
        }
        tally.captured += events.length;
        pending += events.length;
        await fanOut(events, only).catch(() => undefined);
      } catch (err) {
        fail('replay failed', err);
      }
    },
  };
  return client;
}
