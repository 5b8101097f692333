import { hostname, release, type as osType, version as osVersion } from 'node:os';
import type { Event } from '@bugmastery/core';

/** Facts that do not change while the process lives, computed once. */
export interface StaticContext {
  serverName: string;
  runtime: Record<string, unknown>;
  os: Record<string, unknown>;
}

export function staticContext(serverName?: string): StaticContext {
  let kernel = '';
  try {
    kernel = osVersion();
  } catch {
    /* not on every platform */
  }
  return {
    serverName: serverName ?? safeHostname(),
    runtime: { name: 'node', version: process.version },
    os: { name: osType(), version: release(), kernel_version: kernel || undefined },
  };
}

function safeHostname(): string {
  try {
    return hostname();
  } catch {
    return 'unknown';
  }
}

type MemoryContext = { rss: number; heap_total: number; heap_used: number; external: number };
/** The process's vitals, read at most once a second: an error storm's events share one reading. */
let vitals: { memory: MemoryContext; uptimeS: number } | undefined;
let vitalsAt = 0;

/** process.memoryUsage() walks every heap space (~10 µs); the uptime may lag by up to the second. */
function vitalsNow(): { memory: MemoryContext; uptimeS: number } {
  const now = Date.now();
  if (!vitals || now - vitalsAt >= 1000) {
    const m = process.memoryUsage();
    vitals = { memory: { rss: m.rss, heap_total: m.heapTotal, heap_used: m.heapUsed, external: m.external }, uptimeS: Math.round(process.uptime()) };
    vitalsAt = now;
  }
  return vitals;
}

/** Runtime, os, process and app contexts; the app's own contexts of the same name win. */
export function addRuntimeContext(event: Event, fixed: StaticContext, app: { release?: string; environment: string }): void {
  const { memory, uptimeS } = vitalsNow();
  const own = event.contexts;
  event.serverName ??= fixed.serverName;
  event.contexts = {
    runtime: fixed.runtime,
    os: fixed.os,
    process: {
      pid: process.pid,
      uptime_s: uptimeS,
      memory,
      argv0: process.argv0,
    },
    app: { release: app.release, environment: app.environment, app_start_time: startTime },
    ...own,
  };
}

const startTime = new Date(Date.now() - process.uptime() * 1000).toISOString();
