/**
 * @bugmastery/core/internal: what @bugmastery/node and @bugmastery/browser share with core beyond the
 * public API. NOT covered by semver: any name here may change or go in any release. Apps import
 * from '@bugmastery/core' (or the runtime package) only.
 */
export { DEFAULTS } from './client';
export { Scope, type RequestSource } from './scope';
export { parseStackString, readStack, isInApp, normalizePath } from './stack';
export { matches, type Pattern } from './stack/frames';
export { normalizeMessage, callPathOf, fingerprintOf, type CallPath } from './fingerprint';
export { errorInfo } from './error-info';
export { eventId } from './id';
export { hash64 } from './hash';
export { onceLogger } from './once-logger';
export { truncate, utf8Length } from './text';
export { normalize, setOwn, type NormalizeLimits } from './event/normalize';
export { isEvent } from './event/is-event';
export { createScrubber, DEFAULT_SCRUB_KEYS, FILTERED, type Scrubber } from './event/scrub';
export { fitToSize, MAX_EVENT_BYTES } from './event/limit';
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
export { memoryCounter, nextThreshold } from './transports/slack';
export { slackMessage, type SlackMessage } from './transports/slack-message';
export { pagerDutySeverity } from './transports/pagerduty';
export { SDK_VERSION } from './version';
export type { Platform } from './types';
