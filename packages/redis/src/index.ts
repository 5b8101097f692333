export { redisStore, AmbiguousFingerprintError, type RedisStore, type StoreConnection } from './store';
export type { RedisStoreOptions } from './options';
export { UnknownBugError, type Bug, type ListOptions, type Rotation } from '@bugmastery/core';
