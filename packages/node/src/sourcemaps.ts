import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sourceMap from 'source-map';
import type { Frame } from '@bugmastery/core';
import { isInApp } from '@bugmastery/core/internal';
import { AppRoots, type SourceKind } from './app-roots';
import { budgetPerTurn, readCappedSync, type ReadBudget } from './source-read';

type Consumer = InstanceType<typeof sourceMap.SourceMapConsumer>;

/** One generated file and what its source map says about it. */
interface MappedFile {
  consumer: Consumer;
  /** Directory the map's relative `sources` resolve against. */
  mapDir: string;
  /** Generated source, for finding where a (minified) function is defined. */
  code: string;
  lineStarts?: Uint32Array;
  cost: number;
}

export interface SourceMapperOptions {
  inAppInclude?: (string | RegExp)[];
  inAppExclude?: (string | RegExp)[];
  /** The folders whose files may be read. Default: the app's root (see `appRoot`) and `sourceMapDir`. */
  roots?: AppRoots;
  sourceMapDir?: string;
  /** Most generated files kept parsed at once (default 50). */
  maxFiles?: number;
  /** Rough memory budget of the cache, in bytes (default 96 MB). */
  maxBytes?: number;
  /** Told the text of each in-app generated file read (by real path), so context lines need not read it again. */
  onSourceRead?: (realPath: string, text: string) => void;
}

/** Largest generated file or source map read (bundles and their maps can be big; nothing larger is opened for reading). */
const MAX_FILE_BYTES = 32 * 1024 * 1024;
/** Most bytes one capture (one turn of the event loop) reads, synchronously: mapping runs inside capture, for the fingerprint. */
const MAX_BYTES_PER_CAPTURE = 64 * 1024 * 1024;
const MAPPING_URL = /\/\/[#@]\s*sourceMappingURL=([^\s'"]+)\s*$/;
/** Parsed mappings cost far more than their text; a rough factor keeps the budget honest. */
const PARSED_FACTOR = 8;
const NAME_SCAN_WINDOW = 256 * 1024;

/**
 * Synchronous source-map symbolication (source-map 0.6 has a sync API), so it can run inside
 * capture and inside fingerprinting. Consumers are cached in a bounded LRU keyed by real path (one
 * read per file, however a stack spells it); a missing, broken or out-of-bounds map leaves frames as
 * they were. Only files `AppRoots` allows are read, each under a per-file and a per-capture byte cap.
 */
export class SourceMapper {
  private readonly cache = new Map<string, MappedFile | null>();
  private bytes = 0;
  private readonly roots: AppRoots;
  private readonly maxFiles: number;
  private readonly maxBytes: number;
  /** Original source path → the map that carries its content (for context lines). */
  private readonly contents = new Map<string, { generated: string; source: string }>();
  private readonly budget = budgetPerTurn(MAX_BYTES_PER_CAPTURE);

  constructor(private readonly options: SourceMapperOptions = {}) {
    this.roots = options.roots ?? AppRoots.forApp([options.sourceMapDir]);
    this.maxFiles = options.maxFiles ?? 50;
    this.maxBytes = options.maxBytes ?? 96 * 1024 * 1024;
  }

  mapFrames(frames: Frame[]): Frame[] {
    let out: Frame[] | undefined;
    const budget = this.budget();
    for (let i = 0; i < frames.length; i++) {
      let mapped: Frame;
      try {
        mapped = this.mapFrame(frames[i], budget);
      } catch {
        mapped = frames[i];
      }
      if (mapped !== frames[i]) {
        out ??= frames.slice();
        out[i] = mapped;
      }
    }
    return out ?? frames;
  }

  /** The original source text embedded in a map (`sourcesContent`), when a mapped frame pointed at it. */
  sourceContent(originalFile: string): string | undefined {
    const where = this.contents.get(originalFile);
    if (!where) return undefined;
    const entry = this.cache.get(where.generated);
    if (!entry) return undefined;
    try {
      return entry.consumer.sourceContentFor(where.source, true) ?? undefined;
    } catch {
      return undefined;
    }
  }

  private mapFrame(frame: Frame, budget: ReadBudget): Frame {
    if (frame.line === undefined) return frame;
    const spelled = AppRoots.toPath(frame.file);
    const path = spelled && this.roots.resolve(spelled);
    if (!path) return frame;
    const entry = this.load(path, budget, frame.inApp);
    if (!entry) return frame;
    const column = Math.max(0, (frame.column ?? 1) - 1);
    let pos = entry.consumer.originalPositionFor({ line: frame.line, column, bias: sourceMap.SourceMapConsumer.GREATEST_LOWER_BOUND });
    if (!pos.source || pos.line == null) {
      pos = entry.consumer.originalPositionFor({ line: frame.line, column, bias: sourceMap.SourceMapConsumer.LEAST_UPPER_BOUND });
    }
    if (!pos.source || pos.line == null) return frame;
    const file = resolveSource(entry.mapDir, pos.source);
    if (this.contents.size > 5000) this.contents.clear();
    this.contents.set(file, { generated: path, source: pos.source });
    const out: Frame = { ...frame, file, line: pos.line, column: (pos.column ?? 0) + 1, inApp: isInApp(file, this.options) };
    const name = this.originalFunctionName(entry, frame);
    if (name) out.function = name;
    return out;
  }

  /**
   * V8 reports the generated (maybe minified) function name. Find where that function is
   * defined in the generated code, and take the `name` the map records at that position.
   */
  private originalFunctionName(entry: MappedFile, frame: Frame): string | undefined {
    const fn = frame.function;
    if (!fn || frame.line === undefined) return undefined;
    const match = /([A-Za-z_$][\w$]*)(?:\s*\[as [^\]]+\])?$/.exec(fn);
    if (!match || match[1] === 'anonymous') return undefined;
    const generatedName = match[1];
    const offset = this.offsetOf(entry, frame.line, (frame.column ?? 1) - 1);
    if (offset === undefined) return undefined;
    const start = Math.max(0, offset - NAME_SCAN_WINDOW);
    const window = entry.code.slice(start, offset);
    const id = generatedName.replace(/\$/g, '\\$');
    // Declarations put the name last in the match; assignments put it first.
    const declaration = new RegExp(`(?:function\\s*\\*?\\s*|class\\s+)${id}(?![\\w$])`, 'g');
    const assignment = new RegExp(`(?<![\\w$.])${id}\\s*[=:]\\s*(?:async\\s*)?(?:function\\b|\\(|[\\w$]+\\s*=>)`, 'g');
    let at = -1;
    for (let m = declaration.exec(window); m; m = declaration.exec(window)) at = m.index + m[0].length - generatedName.length;
    if (at < 0) for (let m = assignment.exec(window); m; m = assignment.exec(window)) at = m.index;
    if (at < 0) return undefined;
    const { line, column } = this.positionOf(entry, start + at);
    const pos = entry.consumer.originalPositionFor({ line, column, bias: sourceMap.SourceMapConsumer.GREATEST_LOWER_BOUND });
    if (!pos.name || pos.name === generatedName) return undefined;
    return fn.slice(0, match.index) + pos.name + fn.slice(match.index + match[0].length);
  }

  private lineStarts(entry: MappedFile): Uint32Array {
    if (entry.lineStarts) return entry.lineStarts;
    const starts: number[] = [0];
    for (let i = entry.code.indexOf('\n'); i >= 0; i = entry.code.indexOf('\n', i + 1)) starts.push(i + 1);
    entry.lineStarts = Uint32Array.from(starts);
    entry.cost += entry.lineStarts.byteLength;
    this.bytes += entry.lineStarts.byteLength;
    return entry.lineStarts;
  }

  private offsetOf(entry: MappedFile, line: number, column: number): number | undefined {
    const starts = this.lineStarts(entry);
    if (line < 1 || line > starts.length) return undefined;
    return Math.min(entry.code.length, starts[line - 1] + column);
  }

  private positionOf(entry: MappedFile, offset: number): { line: number; column: number } {
    const starts = this.lineStarts(entry);
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] };
  }

  /** `path` is a real path `AppRoots` allowed. */
  private load(path: string, budget: ReadBudget, inApp: boolean): MappedFile | null {
    const hit = this.cache.get(path);
    if (hit !== undefined) {
      // LRU: a hit moves to the back.
      this.cache.delete(path);
      this.cache.set(path, hit);
      return hit;
    }
    let entry: MappedFile | null | 'later' = null;
    try {
      entry = this.read(path, budget, inApp);
    } catch {
      entry = null;
    }
    // Over this capture's budget: not remembered, a later capture may afford it.
    if (entry === 'later') return null;
    this.cache.set(path, entry);
    if (entry) this.bytes += entry.cost;
    this.evict();
    return entry;
  }

  private evict(): void {
    while (this.cache.size > this.maxFiles * 4 || this.bytes > this.maxBytes || this.countLoaded() > this.maxFiles) {
      const oldest = this.cache.keys().next().value as string | undefined;
      if (oldest === undefined) return;
      const entry = this.cache.get(oldest);
      if (entry) this.bytes -= entry.cost;
      this.cache.delete(oldest);
    }
  }

  private countLoaded(): number {
    let n = 0;
    for (const v of this.cache.values()) if (v) n++;
    return n;
  }

  private readText(path: string, kind: SourceKind, budget: ReadBudget): string | 'refused' | 'later' {
    const real = this.roots.resolve(path, kind);
    return real ? readCappedSync(real, MAX_FILE_BYTES, budget) : 'refused';
  }

  private read(path: string, budget: ReadBudget, inApp: boolean): MappedFile | null | 'later' {
    const code = readCappedSync(path, MAX_FILE_BYTES, budget);
    if (code === 'refused' || code === 'later') return code === 'later' ? code : null;
    if (inApp) this.options.onSourceRead?.(path, code);
    let raw: string | undefined;
    let mapDir = dirname(path);
    const url = mappingUrl(code);
    if (url?.startsWith('data:')) raw = decodeDataUrl(url);
    else if (url) {
      const mapPath = url.startsWith('file://') ? fileURLToPath(url) : isAbsolute(url) ? url : resolve(dirname(path), safeDecode(url));
      const text = this.readText(mapPath, 'map', budget);
      if (text === 'later') return text;
      if (text !== 'refused') raw = text;
      mapDir = dirname(mapPath);
    }
    if (raw === undefined) {
      for (const candidate of [path + '.map', this.options.sourceMapDir ? join(this.options.sourceMapDir, basename(path) + '.map') : '']) {
        if (!candidate) continue;
        const text = this.readText(candidate, 'map', budget);
        if (text === 'later') return text;
        if (text !== 'refused') {
          raw = text;
          mapDir = dirname(candidate);
          break;
        }
      }
    }
    if (raw === undefined) return null;
    const parsed = JSON.parse(raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw) as ConstructorParameters<typeof sourceMap.SourceMapConsumer>[0];
    const consumer = new sourceMap.SourceMapConsumer(parsed);
    return { consumer, mapDir, code, cost: code.length + raw.length * PARSED_FACTOR };
  }
}

function mappingUrl(code: string): string | undefined {
  // The comment is the last one in the file; scanning only the tail is cheap even for inline maps.
  const at = code.lastIndexOf('sourceMappingURL=');
  if (at < 0) return undefined;
  const lineStart = code.lastIndexOf('\n', at) + 1;
  const lineEnd = code.indexOf('\n', at);
  const m = MAPPING_URL.exec(code.slice(lineStart, lineEnd < 0 ? undefined : lineEnd).trimEnd());
  return m?.[1];
}

function decodeDataUrl(url: string): string | undefined {
  const comma = url.indexOf(',');
  if (comma < 0) return undefined;
  const meta = url.slice(5, comma);
  const data = url.slice(comma + 1);
  return meta.endsWith(';base64') ? Buffer.from(data, 'base64').toString('utf8') : safeDecode(data);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function resolveSource(mapDir: string, source: string): string {
  if (source.startsWith('file://')) {
    try {
      return fileURLToPath(source);
    } catch {
      return source;
    }
  }
  if (/^[a-z][\w+.-]*:/i.test(source)) return source; // webpack://, http://: keep as given
  return resolve(mapDir, source);
}

let defaultMapper: SourceMapper | undefined;
const mappersByDir = new Map<string, SourceMapper>();

/** The mapper `init` installed; `symbolicate` shares its cache. */
export function setDefaultSourceMapper(mapper: SourceMapper | undefined): void {
  defaultMapper = mapper;
}

/** The mapper `init` installed, if any (none before `init`, or with `sourceMaps: false`). */
export function defaultSourceMapper(): SourceMapper | undefined {
  return defaultMapper;
}

/**
 * `symbolicate(frames, { sourceMapDir? })`: frames mapped to their original sources.
 * Never rejects: frames that cannot be mapped come back as they were.
 */
export async function symbolicate(frames: Frame[], options: { sourceMapDir?: string } = {}): Promise<Frame[]> {
  try {
    let mapper = defaultMapper;
    if (options.sourceMapDir) {
      const dir = resolve(options.sourceMapDir);
      mapper = mappersByDir.get(dir);
      if (!mapper) {
        if (mappersByDir.size >= 8) mappersByDir.clear();
        mapper = new SourceMapper({ sourceMapDir: dir, maxFiles: 20 });
        mappersByDir.set(dir, mapper);
      }
    }
    mapper ??= defaultMapper = new SourceMapper();
    return mapper.mapFrames(frames);
  } catch {
    return frames;
  }
}
