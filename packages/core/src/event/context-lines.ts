import type { Event, Frame } from '../types';

type Context = NonNullable<Frame['context']>;

/**
 * What core does with the source lines around frames when the runtime brought no scrubber for them
 * (`Platform.scrubContextLines`): they go, unread. The browser adds none, so it need not ship the
 * scrubber below; a runtime that adds them (Node) hands `contextLineScrubber` to core.
 */
export function dropContextLines(event: Event): void {
  for (const ex of event.exceptions) for (const frame of ex.frames) delete frame.context;
}

/**
 * Scrubs the source lines around each frame (the runtime adds them after the event is built:
 * Node reads them from disk), so that a `const password = "…"` at a throw site never goes out.
 *
 * Each excerpt is scrubbed as one text, so a secret spanning lines (a PEM block, a quoted value
 * broken over two lines) is seen whole. When scrubbing changed the number of lines they can no
 * longer be told apart: the frame loses its context rather than carry misaligned lines.
 */
export function contextLineScrubber(text: (value: string) => string, capacity = 5000): (event: Event) => void {
  // The same throw sites recur: each distinct excerpt is scrubbed once (bounded memo).
  const memo = new Map<string, string[] | null>();
  // Runtimes share one context object among the events of a throw site (cached frames): looked up once each.
  const scrubbed = new WeakMap<object, Context | null>();
  const scrubExcerpt = (c: Context): Context | null => {
    const pre = Array.isArray(c.pre) ? c.pre.map(String) : [];
    const post = Array.isArray(c.post) ? c.post.map(String) : [];
    const lines = [...pre, String(c.line), ...post];
    const joined = lines.join('\n');
    let out = memo.get(joined);
    if (out === undefined) {
      const split = text(joined).split('\n');
      out = split.length === lines.length ? split : null;
      if (memo.size >= capacity) memo.clear();
      memo.set(joined, out);
    }
    // A new object: the one the runtime caches stays as it read it.
    return out && { pre: out.slice(0, pre.length), line: out[pre.length], post: out.slice(pre.length + 1) };
  };
  return (event) => {
    for (const ex of event.exceptions) {
      for (const frame of ex.frames) {
        const c = frame.context;
        if (!c || typeof c !== 'object') continue;
        let clean = scrubbed.get(c);
        if (clean === undefined) {
          clean = scrubExcerpt(c);
          scrubbed.set(c, clean);
          if (clean) scrubbed.set(clean, clean);
        }
        if (clean) frame.context = clean;
        else delete frame.context;
      }
    }
  };
}
