export * from '@bugmastery/core';
export { init, type BrowserClient, type BrowserOptions, type BreadcrumbSwitches } from './init';
export { wrapCallbacks, type WrapSwitches } from './wrap';
export { offlineQueue, type OfflineQueue, type OfflineQueueOptions } from './persist';
export { BROWSER_SDK_VERSION } from './version';
