import { readFile, stat } from 'node:fs/promises';
import type { Frame } from '@bugmastery/core';
import { AppRoots } from './app-roots';

const MAX_SOURCE_BYTES = 1024 * 1024;
const MAX_FILES = 100;
const MAX_LINE = 200;
/** Frames per exception that get context: the innermost ones matter most. */
const MAX_FRAMES_WITH_CONTEXT = 20;

/**
 * Source lines around in-app frames. Files are read asynchronously (the event loop keeps
 * running), once, into a bounded LRU; big, minified or out-of-bounds files are skipped.
 */
export class ContextLines {
  private readonly cache = new Map<string, Promise<string[] | null>>();

  constructor(
    private readonly lines: number,
    private readonly roots: AppRoots,
    /** Source text carried by a source map (`sourcesContent`), tried before the disk. */
    private readonly embedded?: (file: string) => string | undefined,
  ) {}

  async addTo(frames: Frame[]): Promise<void> {
    if (this.lines <= 0) return;
    let budget = MAX_FRAMES_WITH_CONTEXT;
    const jobs: Promise<void>[] = [];
    for (let i = frames.length - 1; i >= 0 && budget > 0; i--) {
      const frame = frames[i];
      if (!frame.inApp || frame.line === undefined || !frame.file || frame.context) continue;
      budget--;
      jobs.push(
        this.linesOf(frame.file).then((source) => {
          if (source) this.attach(frame, source);
        }),
      );
    }
    await Promise.all(jobs);
  }

  private attach(frame: Frame, source: string[]): void {
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
  }

  private linesOf(file: string): Promise<string[] | null> {
    const hit = this.cache.get(file);
    if (hit) {
      this.cache.delete(file);
      this.cache.set(file, hit);
      return hit;
    }
    const pending = this.load(file).catch(() => null);
    this.cache.set(file, pending);
    if (this.cache.size > MAX_FILES) this.cache.delete(this.cache.keys().next().value as string);
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
