import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { metricSegment } from './metrics';
import type { MetricSink, MetricTags } from './types';

export interface StatsdSinkOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 8125. */
  port?: number;
  /** Prepended with a dot: `prefix: 'myapp'` → `myapp.job.mail.duration`. */
  prefix?: string;
  /** Added to every metric. */
  tags?: MetricTags;
  /** 'dogstatsd' (`name:1|c|#k:v`, default; Telegraf reads it too) or 'telegraf' (`name,k=v:1|c`). */
  tagFormat?: 'dogstatsd' | 'telegraf';
  /** Largest UDP payload. Default 1432 (fits a 1500-byte MTU after IP/UDP headers). */
  maxPacketBytes?: number;
  /** Buffered lines go out at least this often. Default 1000. */
  flushIntervalMs?: number;
}

export interface StatsdSink extends MetricSink {
  gauge(name: string, value: number, tags?: MetricTags): void;
  flush(): Promise<void>;
  close(): Promise<void>;
  stats(): { packets: number; lines: number; errors: number; dropped: number };
}

/** StatsD over UDP: fire-and-forget, lines batched into packets, never throws, never keeps the process alive. */
export function statsdSink(options: StatsdSinkOptions = {}): StatsdSink {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 8125;
  // Same rule as names: a prefix with ':' '|' '@' or spaces would make every line unreadable to StatsD.
  const prefix = options.prefix ? `${metricSegment(options.prefix).replace(/\.+$/, '')}.` : '';
  const maxBytes = Math.max(64, options.maxPacketBytes ?? 1432);
  const flushIntervalMs = Math.max(1, options.flushIntervalMs ?? 1000);
  const format = options.tagFormat ?? 'dogstatsd';
  const counters = { packets: 0, lines: 0, errors: 0, dropped: 0 };

  let socket: Socket | undefined;
  let closed = false;
  let buffer: string[] = [];
  let bufferBytes = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const inflight = new Set<Promise<void>>();

  const open = (): Socket | undefined => {
    if (socket || closed) return socket;
    try {
      socket = createSocket(isIPv6(host) ? 'udp6' : 'udp4');
      // UDP errors (ICMP unreachable, DNS) are the collector's problem, not the app's.
      socket.on('error', () => {
        counters.errors++;
      });
      socket.unref();
    } catch {
      counters.errors++;
      socket = undefined;
    }
    return socket;
  };

  const sendPacket = (payload: string): void => {
    const s = open();
    if (!s) {
      counters.dropped++;
      return;
    }
    const p = new Promise<void>((resolve) => {
      try {
        s.send(payload, port, host, (err) => {
          if (err) counters.errors++;
          else counters.packets++;
          resolve();
        });
      } catch {
        counters.errors++;
        resolve();
      }
    });
    inflight.add(p);
    void p.then(() => inflight.delete(p));
  };

  const drain = (): void => {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (buffer.length === 0) return;
    const payload = buffer.join('\n');
    buffer = [];
    bufferBytes = 0;
    sendPacket(payload);
  };

  const push = (line: string): void => {
    if (closed) {
      counters.dropped++;
      return;
    }
    const bytes = Buffer.byteLength(line);
    if (bytes > maxBytes) {
      counters.dropped++;
      return;
    }
    // +1 for the newline joining it to what is buffered.
    if (buffer.length > 0 && bufferBytes + 1 + bytes > maxBytes) drain();
    bufferBytes += buffer.length > 0 ? bytes + 1 : bytes;
    buffer.push(line);
    counters.lines++;
    if (timer === undefined) {
      timer = setTimeout(drain, flushIntervalMs);
      (timer as { unref?: () => void }).unref?.();
    }
  };

  const line = (name: string, value: number, type: string, tags: MetricTags | undefined): string => {
    const all = options.tags ? { ...options.tags, ...tags } : tags;
    const metric = prefix + statsdName(name);
    const v = formatNumber(value);
    const tagText = all ? (format === 'telegraf' ? telegrafTags(all) : dogTags(all)) : '';
    if (tagText === '') return `${metric}:${v}|${type}`;
    if (format === 'telegraf') return `${metric},${tagText}:${v}|${type}`;
    return `${metric}:${v}|${type}|#${tagText}`;
  };

  const guarded = (name: string, value: number, type: string, tags: MetricTags | undefined): void => {
    try {
      if (!Number.isFinite(value)) return;
      push(line(name, value, type, tags));
    } catch {
      counters.errors++;
    }
  };

  return {
    timing: (name, ms, tags) => guarded(name, ms, 'ms', tags),
    increment: (name, n = 1, tags) => guarded(name, n, 'c', tags),
    gauge: (name, value, tags) => guarded(name, value, 'g', tags),
    async flush() {
      drain();
      await Promise.all([...inflight]);
    },
    async close() {
      drain();
      await Promise.all([...inflight]);
      closed = true;
      try {
        socket?.close();
      } catch {
        /* already closed */
      }
      socket = undefined;
    },
    stats: () => ({ ...counters }),
  };
}

/** StatsD reserves `:` `|` `@` `#` and `,`; the newline separates lines. */
function statsdName(name: string): string {
  return String(name).replace(/[:|@#,=\s]+/g, '_');
}

function dogTags(tags: MetricTags): string {
  const out: string[] = [];
  for (const [k, v] of Object.entries(tags)) {
    if (v === undefined || v === null) continue;
    const key = String(k).replace(/[:|@#,\s]+/g, '_');
    const value = String(v).replace(/[|@#,\s]+/g, '_');
    out.push(value === '' ? key : `${key}:${value}`);
  }
  return out.join(',');
}

function telegrafTags(tags: MetricTags): string {
  const out: string[] = [];
  for (const [k, v] of Object.entries(tags)) {
    if (v === undefined || v === null || String(v) === '') continue;
    out.push(`${String(k).replace(/[:|@#,=\s]+/g, '_')}=${String(v).replace(/[:|@#,=\s]+/g, '_')}`);
  }
  return out.join(',');
}

/** Up to 3 decimals, no exponent (StatsD servers do not parse `1e-7`). */
function formatNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  const fixed = n.toFixed(3).replace(/\.?0+$/, '');
  return fixed === '-0' ? '0' : fixed;
}
