// Everything @bugmastery/core exports (its public API, docs/api.md), so apps install one package.
export {
  createClient,
  getCurrentClient,
  setCurrentClient,
  parseStack,
  computeFingerprint,
  httpTransport,
  consoleTransport,
  sentryTransport,
  bugsnagTransport,
  slackTransport,
  pagerDutyTransport,
} from '@bugmastery/core';
export type {
  Client,
  Scope,
  FingerprintOptions,
  HttpTransportOptions,
  ConsoleTransportOptions,
  ConsoleTransport,
  ConsoleGroup,
  SentryTransportOptions,
  BugsnagTransportOptions,
  SlackTransportOptions,
  SnoozeCounter,
  PagerDutyTransportOptions,
  PagerDutySeverity,
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
  FetchLike,
  TransportRequest,
  TransportResponse,
  Transport,
  Logger,
  RateLimitRule,
  Options,
  DropReason,
  TransportStats,
  Stats,
} from '@bugmastery/core';

// The browser runtime (docs/api.md lists every name; a test compares them). This is also the
// script-tag global `Bugmastery` (dist/bugmastery.min.js).
export { init, type BrowserClient, type BrowserOptions, type BreadcrumbSwitches } from './init';
export { wrapCallbacks, type WrapSwitches } from './wrap';
export type { OfflineQueueOptions } from './persist';
