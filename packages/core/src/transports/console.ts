import type { Event, Transport } from '../types';

export interface ConsoleTransportOptions {
  /** Where lines go. Default: console.error (stderr in Node). */
  stream?: { write(chunk: string): unknown };
  name?: string;
}

interface Group {
  first: Event;
  count: number;
  lastSeen: string;
}

/** The top in-app frame (innermost last), or the top frame when none is in-app. */
export function topFrame(event: Event): string {
  const frames = event.exceptions[0]?.frames ?? [];
  const frame = [...frames].reverse().find((f) => f.inApp) ?? frames[frames.length - 1];
  if (!frame) return '(no stack)';
  return `${frame.function || '<anonymous>'} (${frame.file ?? '?'}:${frame.line ?? '?'}:${frame.column ?? '?'})`;
}

export function headline(event: Event): string {
  const ex = event.exceptions[0];
  return ex ? `${ex.type}: ${ex.message}` : event.message ?? '(no message)';
}

/** Human-readable lines, one per event, grouped by fingerprint with a running count. */
export function consoleTransport(options: ConsoleTransportOptions = {}): Transport {
  const groups = new Map<string, Group>();
  const write = (line: string) => {
    if (options.stream) options.stream.write(line + '\n');
    else if (typeof console !== 'undefined') console.error(line);
  };
  return {
    name: options.name ?? 'console',
    write(events: Event[]) {
      for (const event of events) {
        const group = groups.get(event.fingerprint);
        if (group) {
          group.count++;
          group.lastSeen = event.timestamp;
        } else if (groups.size < 1000) groups.set(event.fingerprint, { first: event, count: 1, lastSeen: event.timestamp });
        const seen = event.occurrences > 1 ? ` ×${event.occurrences}` : '';
        write(`[bugmastery] ${event.level.toUpperCase()} ${event.fingerprint}${seen} ${headline(event)}\n    at ${topFrame(event)}`);
      }
    },
  };
}
