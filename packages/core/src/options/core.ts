import { DEFAULT_BATCH } from '../delivery/queue';
import { DEFAULT_DELIVERY } from '../delivery/send';
import { DEFAULT_NOTIFY_AT } from '../pipeline/snooze';
import { clampDelay } from '../timer';
import { DEV } from '../dev';
import type { Logger, Options, RateLimitRule } from '../types';
import { amount, count, flag, isArray, isFunction, isNumberFrom, isObject, isString, optional, type OptionRule } from './schema';

export const DEFAULTS = {
  dedupeWindowMs: 1000,
  rateLimit: { perFingerprint: { max: 10, intervalMs: 60_000 }, global: { max: 300, intervalMs: 60_000 } } as {
    perFingerprint?: RateLimitRule;
    global?: RateLimitRule;
  },
  maxBreadcrumbs: 100,
  beforeSendTimeoutMs: 5000,
  flushTimeoutMs: 2000,
  occurrenceReportMs: 3000,
};

const isRule = (v: unknown): boolean =>
  v === undefined || (isObject(v) && isNumberFrom(0)((v as RateLimitRule).max) && isNumberFrom(1)((v as RateLimitRule).intervalMs));

// Rules several options share (a rule is read-only data).
const patterns = optional<(string | RegExp)[]>(DEV ? 'an array of strings and RegExps' : '', isArray);
const text = optional<string>(DEV ? 'a string' : '', isString);
const callback = optional<(...args: never[]) => unknown>(DEV ? 'a function' : '', isFunction);

/**
 * Every option `createClient` reads, with its default. `transports` is checked where it is
 * resolved (its problems depend on the environment) and `platform` comes from the runtime.
 */
export const CORE_OPTIONS = {
  release: text,
  environment: text,
  sampleRate: { default: 1, takes: DEV ? 'a number from 0 to 1' : '', valid: (v: unknown) => isNumberFrom(0)(v) && (v as number) <= 1 } as OptionRule<number>,
  ignoreErrors: patterns,
  beforeSend: callback as OptionRule<Options['beforeSend']>,
  beforeSendTimeoutMs: {
    default: DEFAULTS.beforeSendTimeoutMs,
    takes: DEV ? 'a number of milliseconds' : '',
    valid: (v: unknown) => typeof v === 'number' && v === v,
    coerce: (v: unknown) => clampDelay(v as number), // Infinity: as long as timers can wait
  } as OptionRule<number>,
  fingerprint: callback as OptionRule<Options['fingerprint']>,
  scrub: { default: {}, takes: DEV ? 'an object' : '', valid: isObject, fields: { keys: patterns } } as OptionRule<{ keys?: (string | RegExp)[] }>,
  sendDefaultPii: flag(false),
  rateLimit: {
    default: DEFAULTS.rateLimit,
    takes: DEV ? 'an object { perFingerprint?, global? } of { max ≥ 0, intervalMs ≥ 1 }' : '',
    valid: (v: unknown) => isObject(v) && isRule((v as Record<string, unknown>).perFingerprint) && isRule((v as Record<string, unknown>).global),
  } as OptionRule<typeof DEFAULTS.rateLimit>,
  dedupeWindowMs: amount(DEFAULTS.dedupeWindowMs),
  batch: {
    default: DEFAULT_BATCH,
    takes: DEV ? 'an object' : '',
    valid: isObject,
    fields: { maxEvents: count(DEFAULT_BATCH.maxEvents), maxDelayMs: amount(DEFAULT_BATCH.maxDelayMs), maxQueue: amount(DEFAULT_BATCH.maxQueue) },
  } as OptionRule<typeof DEFAULT_BATCH>,
  delivery: {
    default: DEFAULT_DELIVERY,
    takes: DEV ? 'an object' : '',
    valid: isObject,
    fields: {
      timeoutMs: count(DEFAULT_DELIVERY.timeoutMs),
      maxRetries: amount(DEFAULT_DELIVERY.maxRetries),
      baseDelayMs: amount(DEFAULT_DELIVERY.baseDelayMs),
      maxDelayMs: amount(DEFAULT_DELIVERY.maxDelayMs),
      breakerThreshold: count(DEFAULT_DELIVERY.breakerThreshold),
      breakerCooldownMs: amount(DEFAULT_DELIVERY.breakerCooldownMs),
    },
  } as OptionRule<typeof DEFAULT_DELIVERY>,
  maxBreadcrumbs: count(DEFAULTS.maxBreadcrumbs, 0),
  inAppInclude: patterns,
  inAppExclude: patterns,
  notifyAt: {
    default: DEFAULT_NOTIFY_AT,
    takes: DEV ? 'an array of numbers ≥ 1' : '',
    valid: (v: unknown) => Array.isArray(v) && v.every(isNumberFrom(1)),
  } as OptionRule<number[]>,
  occurrenceReportMs: count(DEFAULTS.occurrenceReportMs),
  logger: optional<Logger>(DEV ? 'an object with warn() and error()' : '', (v) => isObject(v) && isFunction((v as Logger).warn) && isFunction((v as Logger).error)),
};

/** Names createClient knows without a rule of their own here. */
export const CORE_OPTION_NAMES = [...Object.keys(CORE_OPTIONS), 'transports', 'platform'];
