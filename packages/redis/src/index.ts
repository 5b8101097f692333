export { redisStore, type RedisStore, type StoreConnection } from './store';
export type { RedisStoreOptions } from './options';
export type { Bug } from './bug';
