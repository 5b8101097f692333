// What a page needs of @bugmastery/core, so apps install one package; docs/api.md lists every name
// and a test compares them. Left out: the Slack and PagerDuty transports and the bug store. A webhook
// URL or a routing key shipped in a page is public to every visitor, and snooze counts kept per tab
// are no fleet's: alerting belongs on a server (@bugmastery/node) behind what the pages deliver.
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
} from '@bugmastery/core';
export type {
  Client,
  Scope,
  Options,
  RateLimitRule,
  Logger,
  CaptureHint,
  Event,
  Level,
  ExceptionInfo,
  Frame,
  Mechanism,
  User,
  Breadcrumb,
  BreadcrumbInput,
  RequestInfo,
  Stats,
  DropReason,
  TransportStats,
  Transport,
  TransportRequest,
  TransportResponse,
  FetchLike,
  FingerprintOptions,
  HttpTransportOptions,
  ConsoleTransportOptions,
  ConsoleTransport,
  ConsoleGroup,
  SentryTransportOptions,
  BugsnagTransportOptions,
  RequestBody,
  TransportContext,
  OccurrenceCount,
} from '@bugmastery/core';

// The browser runtime. All of this file's values are also the script-tag global `Bugmastery` (dist/bugmastery.min.js).
export { init, type BrowserOptions } from './init';
export { initLean, type BrowserClient, type LeanOptions } from './lean';
export type { Integration, IntegrationContext } from './integration';
export { breadcrumbs, type BreadcrumbSwitches } from './breadcrumbs';
export { offlineQueue } from './offline';
export { localStorageQueue, type OfflineQueue, type OfflineQueueOptions } from './storage-queue';
export { wrapCallbacks, type WrapSwitches } from './wrap';
