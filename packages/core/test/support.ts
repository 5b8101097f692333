import { expect } from 'vitest';
import type { Client, Event, Stats, Transport } from '../src';

/** Shared by every core suite: a recording transport, a silent logger and the accounting check. */

/** A local transport that keeps what it is given; write() is the no-network path of the delivery layer. */
export function recordingTransport(name = 'rec'): Transport & { events: Event[] } {
  const events: Event[] = [];
  return { name, events, write: (batch: Event[]) => void events.push(...batch) };
}

export const quiet = { warn: () => undefined, error: () => undefined };

/** A logger that remembers what it was told, so tests can assert "logged once, clearly". */
export function memoryLogger(): { warn(m: string): void; error(m: string): void; lines: string[] } {
  const lines: string[] = [];
  return { lines, warn: (m) => void lines.push(m), error: (m) => void lines.push(m) };
}

export function totalDropped(stats: Stats): number {
  return Object.values(stats.dropped).reduce((a, b) => a + b, 0);
}

/** Every captured event ends in exactly one counter. */
export function expectAccounted(client: Client): Stats {
  const s = client.stats();
  expect(s.pending).toBe(0);
  expect(s.captured).toBe(s.delivered + s.persisted + totalDropped(s));
  return s;
}
