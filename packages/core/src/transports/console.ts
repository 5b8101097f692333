import type { Event, Transport } from '../types';

export interface ConsoleTransportOptions {
  /** Where lines go. Default: console.error (stderr in Node). */
  stream?: { write(chunk: string): unknown };
  /** Print a line per event (default true); false only collects groups for `groups()`. */
  print?: boolean;
  name?: string;
}

/** One bug as the console transport saw it. */
export interface ConsoleGroup {
  fingerprint: string;
  level: Event['level'];
  headline: string;
  topFrame: string;
  /** Events this transport received for the fingerprint. */
  reported: number;
  /** Occurrences the client counted, dropped ones included. */
  seen: number;
  firstSeen: string;
  lastSeen: string;
}

export type ConsoleTransport = Transport & { groups(): ConsoleGroup[] };

/** The top in-app frame (innermost last), or the top frame when none is in-app. */
export function topFrame(event: Event): string {
  const frames = event.exceptions[0]?.frames ?? [];
  let frame = frames[frames.length - 1];
  for (let i = frames.length - 1; i >= 0; i--) {
    if (frames[i].inApp) {
      frame = frames[i];
      break;
    }
  }
  if (!frame) return '(no stack)';
  return `${frame.function || '<anonymous>'} (${frame.file ?? '?'}:${frame.line ?? '?'}:${frame.column ?? '?'})`;
}

export function headline(event: Event): string {
  const ex = event.exceptions[0];
  return ex ? `${ex.type}: ${ex.message}` : event.message ?? '(no message)';
}

const MAX_GROUPS = 1000;

/** Human-readable lines, one per event, and the events grouped by fingerprint with counts. */
export function consoleTransport(options: ConsoleTransportOptions = {}): ConsoleTransport {
  const groups = new Map<string, ConsoleGroup>();
  const print = (line: string) => {
    if (options.print === false) return;
    if (options.stream) options.stream.write(line + '\n');
    else if (typeof console !== 'undefined') console.error(line);
  };
  return {
    name: options.name ?? 'console',
    write(events: Event[]) {
      for (const event of events) {
        let group = groups.get(event.fingerprint);
        if (!group && groups.size < MAX_GROUPS) {
          group = { fingerprint: event.fingerprint, level: event.level, headline: headline(event), topFrame: topFrame(event), reported: 0, seen: 0, firstSeen: event.timestamp, lastSeen: event.timestamp };
          groups.set(event.fingerprint, group);
        }
        if (group) {
          group.reported++;
          group.seen = Math.max(group.seen, event.occurrences);
          group.lastSeen = event.timestamp;
        }
        const seen = event.occurrences > 1 ? ` (seen ${event.occurrences}×)` : ' (new)';
        print(`[bugmastery] ${event.level.toUpperCase()} ${event.fingerprint}${seen} ${headline(event)}\n    at ${topFrame(event)}`);
      }
    },
    groups: () => [...groups.values()],
  };
}
