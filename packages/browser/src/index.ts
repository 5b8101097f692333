// Everything @bugmastery/core exports (its public API, docs/api.md), so apps install one package.
export * from '@bugmastery/core';

// The browser runtime (docs/api.md lists every name; a test compares them). This is also the
// script-tag global `Bugmastery` (dist/bugmastery.min.js).
export { init, type BrowserOptions } from './init';
export { initLean, type BrowserClient, type LeanOptions } from './lean';
export type { Integration, IntegrationContext } from './integration';
export { breadcrumbs, type BreadcrumbSwitches } from './breadcrumbs';
export { offlineQueue } from './offline';
export { localStorageQueue, type OfflineQueue, type OfflineQueueOptions } from './storage-queue';
export { wrapCallbacks, type WrapSwitches } from './wrap';
