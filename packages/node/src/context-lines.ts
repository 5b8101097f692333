import { readFile, stat } from 'node:fs/promises';
import type { Frame } from '@bugmastery/core';
import { AppRoots } from './app-roots';

const MAX_SOURCE_BYTES = 1024 * 1024;
const MAX_FILES = 100;
const MAX_LINE = 200;
/** Frames per exception that get context: the innermost ones matter most. */
const MAX_FRAMES_WITH_CONTEXT = 20;
const MAX_CONTEXTS_PER_FILE = 500;

/**
 * Source lines around in-app frames. Files are read asynchronously (the event loop keeps
 * running), once, into a bounded LRU; big, minified or out-of-bounds files are skipped.
 */
export class ContextLines {
  private readonly cache = new Map<string, Promise<string[] | null>>();
  /** The same files once read (null: unreadable or refused), for the synchronous path. */
  private readonly loaded = new Map<string, string[] | null>();
  /** Context per file, then line and column, shared read-only by every event from one throw site (a storm slices once). */
  private readonly contexts = new Map<string, Map<number, Frame['context']>>();

  constructor(
    private readonly lines: number,
    private readonly roots: AppRoots,
    /** Source text carried by a source map (`sourcesContent`), tried before the disk. */
    private readonly embedded?: (file: string) => string | undefined,
  ) {}

  /**
   * Adds context to the innermost in-app frames. Synchronous when every file is already read
   * (the common case: the same code throws again); a promise only while a file is loading.
   * Run on a throw site's cached frames too (see `withContext`), so later events copy the context.
   */
  addTo(frames: Frame[]): Promise<void> | undefined {
    if (this.lines <= 0) return undefined;
    let budget = MAX_FRAMES_WITH_CONTEXT;
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
      (jobs ??= []).push(
        this.linesOf(frame.file).then((source) => {
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
    frame.context = {
      pre: source.slice(Math.max(0, index - this.lines), index).map((l) => clip(l)),
      line: clip(source[index], column),
      post: source.slice(index + 1, index + 1 + this.lines).map((l) => clip(l)),
    };
    if (!byPosition) {
      if (this.contexts.size >= MAX_FILES) this.contexts.clear();
      this.contexts.set(file, (byPosition = new Map()));
    }
    if (byPosition.size < MAX_CONTEXTS_PER_FILE) byPosition.set(position, frame.context);
  }

  private linesOf(file: string): Promise<string[] | null> {
    const hit = this.cache.get(file);
    if (hit) {
      this.cache.delete(file);
      this.cache.set(file, hit);
      return hit;
    }
    const pending = this.load(file)
      .catch(() => null)
      .then((source) => {
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

  private async load(file: string): Promise<string[] | null> {
    const embedded = this.embedded?.(file);
    if (embedded !== undefined) return embedded.length <= MAX_SOURCE_BYTES ? embedded.split(/\r?\n/) : null;
    const path = AppRoots.toPath(file);
    if (!path || !this.roots.allows(path)) return null;
    const info = await stat(path);
    if (!info.isFile() || info.size > MAX_SOURCE_BYTES) return null;
    return (await readFile(path, 'utf8')).split(/\r?\n/);
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
