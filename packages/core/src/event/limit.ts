import type { Event } from '../types';

/** Sentry's event limit and Bugsnag's payload limit are both 1 MB; stay under with headroom for the envelope. */
export const MAX_EVENT_BYTES = 900_000;

/** UTF-8 bytes of the serialised event: CJK text is 3 bytes a UTF-16 unit, so the unit count alone can be 3× short. */
function size(event: Event): number {
  const json = JSON.stringify(event);
  let bytes = json.length;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    // Surrogate pairs: 2 units, 4 bytes (+1 each); other units above 0x7f: 2 or 3 bytes.
    if (c > 0x7f) bytes += c < 0x800 ? 1 : c >= 0xd800 && c <= 0xdfff ? 1 : 2;
  }
  return bytes;
}

function clip(text: string | undefined, max: number): string | undefined {
  return text !== undefined && text.length > max ? text.slice(0, max) : text;
}

/**
 * An upper-bound guess from the parts that can be large, so a typical event skips the full
 * serialisation: strings are counted at their length, each frame and breadcrumb at a generous size.
 */
function quickEstimate(event: Event): number {
  let n = 2048 + (event.message?.length ?? 0);
  for (const ex of event.exceptions) {
    n += ex.message.length + ex.type.length + 64;
    for (const f of ex.frames) n += 64 + (f.file?.length ?? 0) + (f.function?.length ?? 0) + (f.context ? 2048 : 0);
  }
  for (const b of event.breadcrumbs) n += 512 + (b.message?.length ?? 0) + (b.data ? 2048 : 0);
  return n;
}

const SMALL = 64_000;

/** Trims breadcrumbs, then contexts, then frames (keeping both ends of the stack) until the event fits; says so in `trimmed`. */
export function fitToSize(event: Event, maxBytes = MAX_EVENT_BYTES): Event {
  // Contexts, request and tags are normalised but unbounded in sum: they are measured, the rest estimated.
  if (quickEstimate(event) + JSON.stringify([event.contexts, event.request, event.tags, event.user]).length < Math.min(SMALL, maxBytes)) return event;
  if (size(event) <= maxBytes) return event;
  const trimmed: string[] = [];
  if (event.breadcrumbs.length > 0) {
    event.breadcrumbs = [];
    trimmed.push('breadcrumbs');
    if (size(event) <= maxBytes) return mark(event, trimmed);
  }
  if (Object.keys(event.contexts).length > 0) {
    event.contexts = {};
    trimmed.push('contexts');
    if (size(event) <= maxBytes) return mark(event, trimmed);
  }
  for (const ex of event.exceptions) {
    for (const f of ex.frames) delete f.context;
    if (ex.frames.length > 20) ex.frames = ex.frames.slice(0, 10).concat(ex.frames.slice(-10));
  }
  if (event.exceptions.length > 3) event.exceptions = event.exceptions.slice(0, 3);
  trimmed.push('frames');
  if (size(event) > maxBytes) {
    for (const ex of event.exceptions) {
      ex.message = ex.message.slice(0, 1024);
      // A single frame can carry a megabyte-long file name (data: URLs, crafted stacks).
      for (const f of ex.frames) {
        f.file = clip(f.file, 1024);
        f.function = clip(f.function, 1024);
      }
    }
    if (event.message) event.message = event.message.slice(0, 1024);
    event.request = event.request && { method: event.request.method, url: event.request.url.slice(0, 2048), headers: {} };
    event.tags = {};
    event.user = event.user && { id: event.user.id };
    trimmed.push('request', 'tags');
  }
  return mark(event, trimmed);
}

function mark(event: Event, trimmed: string[]): Event {
  event.trimmed = trimmed;
  return event;
}
