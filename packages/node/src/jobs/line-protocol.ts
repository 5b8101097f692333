import type { MetricTags } from './types';

/** One InfluxDB point: measurement, tags, fields and a millisecond timestamp. */
export interface Point {
  measurement: string;
  tags?: MetricTags;
  fields: Record<string, number | { int: number } | string | boolean>;
  timestampMs: number;
  /**
   * Sub-millisecond order (0–999999). Influx keeps one point per series and timestamp, so two
   * runs of a job in the same millisecond would overwrite each other without it.
   */
  sequence?: number;
}

// Line protocol escaping: https://docs.influxdata.com/influxdb/v1/write_protocols/line_protocol_reference/
// InfluxDB 1.x keeps a backslash literally (`a\\b` would be stored with both), so it is not escaped; a trailing one
// would escape the separator after it and fail the whole batch (400), so it becomes `_`.
const trailing = (s: string) => s.replace(/\\+$/, (run) => '_'.repeat(run.length));
const measurementEscape = (s: string) => trailing(s.replace(/[\r\n]+/g, ' ')).replace(/([, ])/g, '\\$1');
const keyEscape = (s: string) => trailing(s.replace(/[\r\n]+/g, ' ')).replace(/([,= ])/g, '\\$1');
const stringFieldEscape = (s: string) => s.replace(/(["\\])/g, '\\$1');

function fieldValue(v: Point['fields'][string]): string | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : undefined;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return `"${stringFieldEscape(v)}"`;
  if (v && typeof v === 'object' && Number.isFinite(v.int)) return `${Math.trunc(v.int)}i`;
  return undefined;
}

/** A point as one line (nanosecond timestamp), or undefined when it has no usable field. Tags are sorted (Influx's recommended order). */
export function encodePoint(point: Point): string | undefined {
  let line = measurementEscape(point.measurement);
  if (point.tags) {
    for (const key of Object.keys(point.tags).sort()) {
      const value = point.tags[key];
      // Influx rejects empty tag values; a missing tag means the same thing.
      if (value === undefined || value === null || String(value) === '') continue;
      line += `,${keyEscape(key)}=${keyEscape(String(value))}`;
    }
  }
  const fields: string[] = [];
  for (const [key, value] of Object.entries(point.fields)) {
    const encoded = fieldValue(value);
    if (encoded !== undefined) fields.push(`${keyEscape(key)}=${encoded}`);
  }
  if (fields.length === 0) return undefined;
  const seq = Math.max(0, Math.min(999_999, Math.trunc(point.sequence ?? 0)));
  // Nanoseconds, written as digits: ms × 10⁶ does not fit a double exactly.
  return `${line} ${fields.join(',')} ${Math.round(point.timestampMs)}${String(seq).padStart(6, '0')}`;
}
