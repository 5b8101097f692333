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
let memory: MemoryContext | undefined;
let memoryAt = 0;

/** process.memoryUsage() walks every heap space (~10 µs): an error storm reads it at most once a second, and its events share the reading. */
function memoryNow(): MemoryContext {
  const now = Date.now();
  if (!memory || now - memoryAt >= 1000) {
    const m = process.memoryUsage();
    memory = { rss: m.rss, heap_total: m.heapTotal, heap_used: m.heapUsed, external: m.external };
    memoryAt = now;
  }
  return memory;
}

/** Runtime, os, process and app contexts; the app's own contexts of the same name win. */
export function addRuntimeContext(event: Event, fixed: StaticContext, app: { release?: string; environment: string }): void {
  const memory = memoryNow();
  const own = event.contexts;
  event.serverName ??= fixed.serverName;
  event.contexts = {
    runtime: fixed.runtime,
    os: fixed.os,
    process: {
      pid: process.pid,
      uptime_s: Math.round(process.uptime()),
      memory,
      argv0: process.argv0,
    },
    app: { release: app.release, environment: app.environment, app_start_time: startTime },
    ...own,
  };
}

const startTime = new Date(Date.now() - process.uptime() * 1000).toISOString();
