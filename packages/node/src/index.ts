export * from '@bugmastery/core';
export * from './jobs';
export { init, type NodeClient } from './init';
export type { NodeOptions } from './options';
export { symbolicate, SourceMapper, type SourceMapperOptions } from './sourcemaps';
export { DiskQueue, type DiskQueueStats, type KeptBatch } from './persist';
export { nodeRejectionMode, type RejectionMode } from './process';
export { scopeStorage } from './scope-storage';
export { requestInfo, type IncomingRequestLike } from './request';
export {
  expressRequestHandler,
  expressErrorHandler,
  type ExpressRequestLike,
  type ExpressResponseLike,
  type ExpressNext,
  type ExpressRequestHandler,
  type ExpressErrorHandler,
  type ExpressErrorHandlerOptions,
} from './express';
export { koaMiddleware, type KoaContextLike, type KoaNext, type KoaMiddleware, type KoaMiddlewareOptions } from './koa';
