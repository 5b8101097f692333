import type { Event, Frame } from '../types';

type Context = NonNullable<Frame['context']>;

/**
 * Scrubs the source lines around each frame (the runtime adds them after the event is built:
 * Node reads them from disk), so that a `const password = "…"` at a throw site never goes out.
 * The same throw sites recur, so each distinct line is scrubbed once (bounded memo).
 */
export function contextLineScrubber(text: (line: string) => string, capacity = 5000): (event: Event) => void {
  const memo = new Map<string, string>();
  const line = (s: unknown): string => {
    if (typeof s !== 'string') return String(s);
    if (s.length > 1000) return text(s);
    let clean = memo.get(s);
    if (clean === undefined) {
      clean = text(s);
      if (memo.size >= capacity) memo.clear();
      memo.set(s, clean);
    }
    return clean;
  };
  // Runtimes share one context object among the events of a throw site (cached frames): scrubbed once each.
  const scrubbed = new WeakMap<object, Context>();
  return (event) => {
    for (const ex of event.exceptions) {
      for (const frame of ex.frames) {
        const c = frame.context;
        if (!c || typeof c !== 'object') continue;
        let clean = scrubbed.get(c);
        if (!clean) {
          // A new object: the one the runtime caches stays as it read it.
          clean = { pre: Array.isArray(c.pre) ? c.pre.map(line) : [], line: line(c.line), post: Array.isArray(c.post) ? c.post.map(line) : [] };
          scrubbed.set(c, clean);
          scrubbed.set(clean, clean);
        }
        frame.context = clean;
      }
    }
  };
}
