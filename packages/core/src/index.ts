export { createClient, DEFAULTS, type Client } from './client';
export { getCurrentClient, setCurrentClient } from './current';
export { processWide } from './process-wide';
export { readOptions, unknownOptions, flag, amount, count, optional, type OptionRule, type OptionRules, type OptionValues } from './options/schema';
export { Scope, type RequestSource } from './scope';
export { parseStack, parseStackString, readStack, isInApp, normalizePath, relativeToRoot } from './stack';
export { matches, type Pattern } from './stack/frames';
export { computeFingerprint, normalizeMessage, callPathOf, fingerprintOf, type FingerprintOptions, type CallPath, type AppRoot } from './fingerprint';
export { errorInfo, isErrorObject } from './error-info';
export { eventId } from './id';
export { hash64 } from './hash';
export { normalize, setOwn, DEFAULT_VALUE_BUDGET, type NormalizeLimits, type ValueBudget } from './event/normalize';
export { EVENT_VALUE_BUDGET } from './event/build';
export { isEvent } from './event/is-event';
export { toJson } from './event/json';
export { createScrubber, DEFAULT_SCRUB_KEYS, FILTERED, CARD, type Scrubber } from './event/scrub';
export { compactKey } from './event/secret-keys';
export { maskCardNumbers } from './event/card-number';
export { maskTokenShapes } from './event/token-shapes';
export { fitToSize, MAX_EVENT_BYTES, utf8Length } from './event/limit';
export { isThreshold, crossedThreshold, DEFAULT_NOTIFY_AT, createOccurrenceCounter, type OccurrenceCounter } from './pipeline/snooze';
export { TokenBucket, createRateLimiter } from './pipeline/rate-limit';
export { createDeliverer, DEFAULT_DELIVERY, type Deliverer, type DelivererDeps, type DeliveryOptions, type Outcome } from './delivery/send';
export { parseRetryAfter, backoffDelay } from './delivery/retry-after';
export { httpTransport, type HttpTransportOptions } from './transports/http';
export { consoleTransport, topFrame, headline, type ConsoleTransportOptions, type ConsoleTransport, type ConsoleGroup } from './transports/console';
export { requireUrl } from './transports/url';
export { sentryTransport, toSentryEvent, type SentryTransportOptions } from './transports/sentry';
export { parseDsn, envelopeUrl, type Dsn } from './transports/dsn';
export { sentryRateLimitMs } from './transports/sentry-rate-limits';
export { bugsnagTransport, toBugsnagEvent, type BugsnagTransportOptions } from './transports/bugsnag';
export { slackTransport, type SlackTransportOptions } from './transports/slack';
export { slackMessage, slackMention, type SlackMessage, type SlackNotice } from './transports/slack-message';
export {
  memoryStore, memoryCounter, createDeltas, storeFromCounter, isBugStore, UnknownBugError, STORE_TIMEOUT_MS,
  type BugStore, type BugAdmin, type MemoryStore, type OccurrenceReport, type SnoozeCounter,
} from './pipeline/bug-store';
export {
  addOccurrences, decideFor, newBugState, reachedThreshold, nextThreshold, lastDayCount, applyAction, checkAction, HOUR_MS,
  type BugState, type BugStatus, type BugDecision, type BugSummary, type BugAction, type Notice,
} from './pipeline/bug-state';
export { bugView, byUrgency, matchesList, type Bug, type ListOptions } from './pipeline/bug-view';
export { bugmasterOn, rotationPeriod, checkRotation, type Rotation } from './rotation';
export { pagerDutyTransport, pagerDutySeverity, type PagerDutyTransportOptions, type PagerDutySeverity } from './transports/pagerduty';
export { SDK_VERSION } from './version';
export type * from './types';
