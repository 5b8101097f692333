/**
 * @bugmastery/core/internal: what @bugmastery/node, @bugmastery/browser and @bugmastery/redis share
 * with core beyond the public API. NOT covered by semver: any name here may change or go in any
 * release. Apps import from '@bugmastery/core' (or the runtime package) only.
 */
export { DEFAULTS } from './client';
export { processWide } from './process-wide';
export { readOptions, unknownOptions, flag, amount, count, optional, type OptionRule, type OptionRules, type OptionValues } from './options/schema';
export { Scope, type RequestSource } from './scope';
export { parseStackString, readStack, isInApp, normalizePath, relativeToRoot } from './stack';
export { matches, type Pattern, type RelativePath } from './stack/frames';
export { normalizeMessage, callPathOf, fingerprintOf, appRootPaths, type CallPath, type AppRoot } from './fingerprint';
export { errorInfo, isErrorObject } from './error-info';
export { eventId } from './id';
export { hash64 } from './hash';
export { onceLogger } from './once-logger';
export { DEV } from './dev';
export { truncate, utf8Length } from './text';
export { normalize, setOwn, DEFAULT_VALUE_BUDGET, type NormalizeLimits, type ValueBudget } from './event/normalize';
export { EVENT_VALUE_BUDGET } from './event/build';
export { isEvent } from './event/is-event';
export { toJson } from './event/json';
export { createScrubber, DEFAULT_SCRUB_KEYS, FILTERED, CARD, type Scrubber } from './event/scrub';
export { compactKey } from './event/secret-keys';
export { maskCardNumbers } from './event/card-number';
export { maskTokenShapes } from './event/token-shapes';
export { fitToSize, MAX_EVENT_BYTES } from './event/limit';
export { contextLineScrubber } from './event/context-lines';
export { isThreshold, crossedThreshold, DEFAULT_NOTIFY_AT, createOccurrenceCounter, type OccurrenceCounter } from './pipeline/snooze';
export { TokenBucket, createRateLimiter } from './pipeline/rate-limit';
export { createDeliverer, DEFAULT_DELIVERY, type Deliverer, type DelivererDeps, type DeliveryOptions, type Outcome } from './delivery/send';
export { parseRetryAfter, backoffDelay } from './delivery/retry-after';
export { topFrame, headline } from './transports/console';
export { requireUrl } from './transports/url';
export { toSentryEvent } from './transports/sentry';
export { parseDsn, envelopeUrl, type Dsn } from './transports/dsn';
export { sentryRateLimitMs } from './transports/sentry-rate-limits';
export { toBugsnagEvent } from './transports/bugsnag';
export { slackMessage, slackMention, type SlackMessage, type SlackNotice } from './transports/slack-message';
export { memoryCounter, createDeltas, storeFromCounter, isBugStore, STORE_TIMEOUT_MS, type OccurrenceReport } from './pipeline/bug-store';
export {
  addOccurrences, decideFor, newBugState, reachedThreshold, nextThreshold, lastDayCount, applyAction, checkAction, HOUR_MS,
  type BugState, type BugDecision, type BugSummary, type BugAction, type Notice,
} from './pipeline/bug-state';
export { bugView, byUrgency, matchesList } from './pipeline/bug-view';
export { bugmasterOn, rotationPeriod, checkRotation } from './rotation';
export { pagerDutySeverity } from './transports/pagerduty';
export { SDK_VERSION } from './version';
export type { Platform } from './types';
