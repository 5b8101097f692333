export { instrumentJob, type JobFunction } from './instrument';
export { monitorHeartbeat, type Heartbeat, type HeartbeatOptions } from './heartbeat';
export { countEvent, monitorRate, type RateMonitor, type RateMonitorOptions, type CountEventOptions } from './rate';
export type { RateBaseline, RateWindow } from './drop';
export { influxBaseline, type InfluxBaselineOptions } from './influx-baseline';
export { statsdSink, type StatsdSink, type StatsdSinkOptions } from './statsd';
export { influxSink, type InfluxSink, type InfluxSinkOptions } from './influx';
export { encodePoint, type Point } from './line-protocol';
export {
  instrumentBullMQWorker,
  instrumentBullMQProcessor,
  type BullMQJobLike,
  type BullMQWorkerLike,
  type BullMQOptions,
  type BullMQInstrumentation,
} from './bullmq';
export { setMetricSinks, getMetricSinks } from './metrics';
export { SlowJobError, JobTimeoutError, MissedJobError, MetricFloorError, MetricDropError } from './report';
export { DurationBaseline, RecentSamples } from './baseline';
export type { MetricSink, MetricTags, ReportingOptions, JobRunInfo, InstrumentJobOptions } from './types';
