export * from '@bugmastery/core';
export { init, type BrowserOptions } from './init';
export { initLean, type BrowserClient, type LeanOptions } from './lean';
export type { Integration, IntegrationContext } from './integration';
export { breadcrumbs, type BreadcrumbSwitches } from './breadcrumbs';
export { offlineQueue } from './offline';
export { localStorageQueue, type OfflineQueue, type OfflineQueueOptions } from './storage-queue';
export { wrapCallbacks, type WrapSwitches } from './wrap';
export { BROWSER_SDK_VERSION } from './version';
