import type { Frame } from '@bugmastery/core';
import { AppRoots } from './app-roots';
import { budgetPerTurn, readCapped, type ReadBudget } from './source-read';

/** Largest source file read for context lines (bigger ones are bundles: their map's sources are used instead). */
const MAX_SOURCE_BYTES = 1024 * 1024;
/** Most bytes one capture (one turn of the event loop) starts reading for context lines. */
const MAX_BYTES_PER_CAPTURE = 4 * 1024 * 1024;
const MAX_FILES = 100;
const MAX_LINE = 200;
/** A read put off: this capture's byte budget was spent. */
const LATER = Symbol('later');
/** Frames per exception that get context: the innermost ones matter most. */
const MAX_FRAMES_WITH_CONTEXT = 20;
const MAX_CONTEXTS_PER_FILE = 500;

export interface ContextLinesOptions {
  /** Lines before and after (0: off). */
  lines: number;
  /** Which files may be read. */
  roots: AppRoots;
  /** Source text carried by a source map (`sourcesContent`), tried before the disk. */
  embedded?: (file: string) => string | undefined;
}

/**
 * Source lines around in-app frames (the client scrubs them like messages). Files are read asynchronously (the
 * event loop keeps running), once per real path, into a bounded LRU; only files `AppRoots` allows,
 * under a per-file and a per-capture byte cap.
 */
export class ContextLines {
  private readonly lines: number;
  private readonly roots: AppRoots;
  private readonly embedded?: (file: string) => string | undefined;
  /** By the frame's spelling of the file. */
  private readonly cache = new Map<string, Promise<string[] | null>>();
  /** By real path: many spellings of one file share one read. */
  private readonly byRealPath = new Map<string, Promise<string[] | null | typeof LATER>>();
  private readonly budget = budgetPerTurn(MAX_BYTES_PER_CAPTURE);
  /** The same files once read (null: unreadable or refused), for the synchronous path. */
  private readonly loaded = new Map<string, string[] | null>();
  /** Context per file, then line and column, shared read-only by every event from one throw site (a storm slices once). */
  private readonly contexts = new Map<string, Map<number, Frame['context']>>();

  constructor(options: ContextLinesOptions) {
    this.lines = options.lines;
    this.roots = options.roots;
    this.embedded = options.embedded;
  }

  /**
   * Adds context to the innermost in-app frames. Synchronous when every file is already read
   * (the common case: the same code throws again); a promise only while a file is loading.
   * Run on a throw site's cached frames (see `withContext`), so later events copy the context.
   * With `startReads: false` only files already read (or being read) are used: an event's frames
   * get what their throw site's frames started, and nothing else is read for them.
   */
  addTo(frames: Frame[], startReads = true): Promise<void> | undefined {
    if (this.lines <= 0) return undefined;
    let budget = MAX_FRAMES_WITH_CONTEXT;
    const bytes = this.budget();
    let jobs: Promise<void>[] | undefined;
    for (let i = frames.length - 1; i >= 0 && budget > 0; i--) {
      const frame = frames[i];
      if (!frame.inApp || frame.line === undefined || !frame.file) continue;
      budget--;
      if (frame.context) continue;
      const loaded = this.loaded.get(frame.file);
      if (loaded !== undefined) {
        if (loaded) this.attach(frame, loaded);
        continue;
      }
      const pending = startReads ? this.linesOf(frame.file, bytes) : this.cache.get(frame.file);
      if (!pending) continue;
      (jobs ??= []).push(
        pending.then((source) => {
          if (source) this.attach(frame, source);
        }),
      );
    }
    return jobs && Promise.all(jobs).then(() => undefined);
  }

  private attach(frame: Frame, source: string[]): void {
    const file = frame.file ?? '';
    const position = (frame.line ?? 0) * 65536 + (frame.column ?? 0);
    let byPosition = this.contexts.get(file);
    const known = byPosition?.get(position);
    if (known) {
      frame.context = known;
      return;
    }
    const index = (frame.line ?? 0) - 1;
    if (index < 0 || index >= source.length) return;
    const column = Math.max(0, (frame.column ?? 1) - 1);
    const clip = (line: string, around = 0): string => {
      if (line.length <= MAX_LINE) return line;
      const start = Math.max(0, Math.min(around - MAX_LINE / 2, line.length - MAX_LINE));
      return line.slice(start, start + MAX_LINE);
    };
    const context: Frame['context'] = {
      pre: source.slice(Math.max(0, index - this.lines), index).map((l) => clip(l)),
      line: clip(source[index], column),
      post: source.slice(index + 1, index + 1 + this.lines).map((l) => clip(l)),
    };
    frame.context = context;
    if (!byPosition) {
      if (this.contexts.size >= MAX_FILES) this.contexts.clear();
      this.contexts.set(file, (byPosition = new Map()));
    }
    if (byPosition.size < MAX_CONTEXTS_PER_FILE) byPosition.set(position, frame.context);
  }

  /**
   * A file another reader (the source mapper) already read, by real path: kept (or, too big,
   * remembered as refused) so context lines never read it a second time.
   */
  remember(realPath: string, text: string): void {
    if (this.lines <= 0 || this.byRealPath.has(realPath)) return;
    if (this.byRealPath.size >= MAX_FILES) this.byRealPath.delete(this.byRealPath.keys().next().value as string);
    this.byRealPath.set(realPath, Promise.resolve(text.length <= MAX_SOURCE_BYTES ? text.split(/\r?\n/) : null));
  }

  private linesOf(file: string, bytes: ReadBudget): Promise<string[] | null> {
    const hit = this.cache.get(file);
    if (hit) {
      this.cache.delete(file);
      this.cache.set(file, hit);
      return hit;
    }
    const pending = this.load(file, bytes)
      .catch(() => null)
      .then((source) => {
        // Over this capture's budget: forgotten, so a later capture reads it.
        if (source === LATER) {
          if (this.cache.get(file) === pending) this.cache.delete(file);
          return null;
        }
        if (this.cache.has(file)) this.loaded.set(file, source);
        return source;
      });
    this.cache.set(file, pending);
    if (this.cache.size > MAX_FILES) {
      const oldest = this.cache.keys().next().value as string;
      this.cache.delete(oldest);
      this.loaded.delete(oldest);
    }
    return pending;
  }

  private load(file: string, bytes: ReadBudget): Promise<string[] | null | typeof LATER> {
    const embedded = this.embedded?.(file);
    if (embedded !== undefined) return Promise.resolve(embedded.length <= MAX_SOURCE_BYTES ? embedded.split(/\r?\n/) : null);
    const spelled = AppRoots.toPath(file);
    const real = spelled && this.roots.resolve(spelled);
    if (!real) return Promise.resolve(null);
    let shared = this.byRealPath.get(real);
    if (!shared) {
      const reading = readCapped(real, MAX_SOURCE_BYTES, bytes).then((text) => {
        if (text === 'later' && this.byRealPath.get(real) === reading) this.byRealPath.delete(real);
        return text === 'later' ? LATER : text === 'refused' ? null : text.split(/\r?\n/);
      });
      shared = reading;
      if (this.byRealPath.size >= MAX_FILES) this.byRealPath.delete(this.byRealPath.keys().next().value as string);
      this.byRealPath.set(real, shared);
    }
    return shared;
  }
}

/**
 * The stack-cache hook: a throw site's frames are parsed once and copied into every event, so
 * context attached to the cached frames (now, or once the file is read) costs nothing per event.
 */
export function withContext(lines: ContextLines, map?: (frames: Frame[]) => Frame[]): (frames: Frame[]) => Frame[] {
  return (frames) => {
    const mapped = map ? map(frames) : frames;
    lines.addTo(mapped)?.catch(() => undefined);
    return mapped;
  };
}
