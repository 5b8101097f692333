import { utf8Length } from '../text';
import type { Event } from '../types';
import { toJson } from './json';

/** Sentry's event limit and Bugsnag's payload limit are both 1 MB; stay under with headroom for the envelope. */
export const MAX_EVENT_BYTES = 900_000;


/** UTF-8 bytes of the serialised event (JSON escapes lone surrogates, so the encoding is exact). */
const size = (event: Event): number => utf8Length(toJson(event));

/** The cut the last step gives every text that can be long: 1 KB unless said. */
const clip = <T extends string | undefined>(text: T, max = 1024): T => text?.slice(0, max) as T;
const length = (text: string | undefined): number => text?.length ?? 0;

/**
 * An upper-bound guess from the parts that can be large, so a typical event skips the full
 * serialisation: strings are counted at their length, each frame and breadcrumb at a generous size.
 */
function quickEstimate(event: Event): number {
  let n = 2048 + length(event.message);
  for (const ex of event.exceptions) {
    n += ex.message.length + ex.type.length + 64;
    for (const f of ex.frames) n += 64 + length(f.file) + length(f.function) + (f.context ? 2048 : 0);
  }
  for (const b of event.breadcrumbs) n += 512 + length(b.message) + (b.data ? 2048 : 0);
  return n;
}

const SMALL = 64_000;

/**
 * Roughly the JSON length of plain data, for the estimate only: strings at their length, any other
 * leaf at 8, and the walk stops once past `budget`. SMALL leaves over 10× headroom below the
 * limit for what this under-counts (escapes, UTF-8); a toJSON, or nesting deeper than
 * normalisation ever produces, counts as too large so the exact check runs.
 */
function roughSize(value: unknown, budget: number, depth: number): number {
  if (typeof value === 'string') return value.length + 3;
  if (value === null || typeof value !== 'object') return 8;
  if (depth > 40 || typeof (value as { toJSON?: unknown }).toJSON === 'function') return Infinity;
  let n = 2;
  // Object.keys (own keys, like JSON): for…in over objects of many shapes is the slow, megamorphic path.
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length && n <= budget; i++) {
    n += keys[i].length + 4 + roughSize((value as Record<string, unknown>)[keys[i]], budget - n, depth + 1);
  }
  return n;
}

/** Trims breadcrumbs, then contexts, then frames (keeping both ends of the stack) until the event fits; says so in `trimmed`. */
export function fitToSize(event: Event, maxBytes = MAX_EVENT_BYTES): Event {
  // Contexts, request and tags are normalised but unbounded in sum: they are measured, the rest estimated.
  const small = Math.min(SMALL, maxBytes);
  const estimate = quickEstimate(event);
  let n = estimate;
  for (const part of [event.contexts, event.request, event.tags, event.user]) if (part !== undefined) n += roughSize(part, small - n, 0);
  if (n < small) return event;
  const trimmed: string[] = [];
  // Each step trims one part (or has nothing to trim and returns false); the last two always run when needed.
  const steps: [string[], () => unknown][] = [
    [['breadcrumbs'], () => event.breadcrumbs.length > 0 && (event.breadcrumbs = [])],
    [['contexts'], () => Object.keys(event.contexts).length > 0 && (event.contexts = {})],
    [
      ['frames'],
      () => {
        for (const ex of event.exceptions) {
          for (const f of ex.frames) delete f.context;
          if (ex.frames.length > 20) ex.frames = ex.frames.slice(0, 10).concat(ex.frames.slice(-10));
        }
        event.exceptions = event.exceptions.slice(0, 3);
        return true;
      },
    ],
    [
      ['request', 'tags'],
      () => {
        for (const ex of event.exceptions) {
          ex.message = clip(ex.message);
          // A single frame can carry a megabyte-long file name (data: URLs, crafted stacks).
          for (const f of ex.frames) {
            f.file = clip(f.file);
            f.function = clip(f.function);
          }
        }
        if (event.message) event.message = clip(event.message);
        event.request = event.request && { method: event.request.method, url: clip(event.request.url, 2048), headers: {} };
        event.tags = {};
        event.user = event.user && { id: event.user.id };
        return true;
      },
    ],
  ];
  for (const [parts, trim] of steps) {
    if (size(event) <= maxBytes) break;
    if (trim()) trimmed.push(...parts);
  }
  if (trimmed.length > 0) event.trimmed = trimmed;
  return event;
}
