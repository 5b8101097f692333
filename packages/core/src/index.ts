// The public API of @bugmastery/core: exactly the names listed in docs/api.md (a test compares them).
// What the runtime packages need beyond this comes from './internal' (`@bugmastery/core/internal`).
export { createClient, type Client } from './client';
export { getCurrentClient, setCurrentClient } from './current';
export type { Scope } from './scope';
export { parseStack } from './stack';
export { computeFingerprint, type FingerprintOptions } from './fingerprint';
export { httpTransport, type HttpTransportOptions } from './transports/http';
export { consoleTransport, type ConsoleTransportOptions, type ConsoleTransport, type ConsoleGroup } from './transports/console';
export { sentryTransport, type SentryTransportOptions } from './transports/sentry';
export { bugsnagTransport, type BugsnagTransportOptions } from './transports/bugsnag';
export { slackTransport, type SlackTransportOptions } from './transports/slack';
export type { SnoozeCounter } from './pipeline/bug-store';
export { pagerDutyTransport, type PagerDutyTransportOptions, type PagerDutySeverity } from './transports/pagerduty';
export { memoryStore, UnknownBugError, type BugStore, type BugAdmin, type MemoryStore } from './pipeline/bug-store';
export type { Bug, ListOptions } from './pipeline/bug-view';
export type { BugStatus } from './pipeline/bug-state';
export type { Rotation } from './rotation';
export type {
  Level,
  Frame,
  Mechanism,
  ExceptionInfo,
  User,
  Breadcrumb,
  BreadcrumbInput,
  RequestInfo,
  Event,
  CaptureHint,
  RequestBody,
  FetchLike,
  TransportRequest,
  TransportResponse,
  Transport,
  TransportContext,
  OccurrenceCount,
  Logger,
  RateLimitRule,
  Options,
  DropReason,
  TransportStats,
  Stats,
} from './types';
