// Everything @bugmastery/core exports (its public API, docs/api.md), so apps install one package.
export * from '@bugmastery/core';
// Node's own: relative to the app root and through source maps, like the client (this name wins over core's).
export { computeFingerprint } from './fingerprint';

// The Node runtime (docs/api.md lists every name; a test compares them).
export { init, type NodeClient } from './init';
export type { NodeOptions } from './options';
export type { RejectionMode } from './process';
export type { DiskQueueStats } from './persist';
export { symbolicate } from './sourcemaps';
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
export {
  instrumentJob,
  monitorHeartbeat,
  countEvent,
  monitorRate,
  statsdSink,
  influxSink,
  instrumentBullMQWorker,
  instrumentBullMQProcessor,
  setMetricSinks,
  SlowJobError,
  JobTimeoutError,
  MissedJobError,
  MetricFloorError,
  MetricDropError,
  influxBaseline,
  type RateBaseline,
  type RateWindow,
  type InfluxBaselineOptions,
  type JobFunction,
  type Heartbeat,
  type HeartbeatOptions,
  type RateMonitor,
  type RateMonitorOptions,
  type CountEventOptions,
  type StatsdSink,
  type StatsdSinkOptions,
  type InfluxSink,
  type InfluxSinkOptions,
  type BullMQJobLike,
  type BullMQWorkerLike,
  type BullMQOptions,
  type BullMQInstrumentation,
  type MetricSink,
  type MetricTags,
  type ReportingOptions,
  type JobRunInfo,
  type InstrumentJobOptions,
} from './jobs';
