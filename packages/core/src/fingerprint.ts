import { hash64 } from './hash';
import { setBounded } from './pipeline/bounded-map';
import { errorInfo } from './error-info';
import { normalizePath, relativeToRoot, stableFunctionName, type InAppRules, type RelativePath } from './stack/frames';
import { framesPart, parseStackString, readStack } from './stack/parse';
import type { Frame } from './types';

const MAX_PATH_FRAMES = 30;
const CACHE_SIZE = 2000;

/** Numbers, hex ids, UUIDs, e-mails and quoted strings vary per occurrence; the bug does not. */
export function normalizeMessage(message: string): string {
  return message
    .slice(0, 1000)
    .replace(/[\w.+-]+@[\w-]+\.[\w.-]+/g, '<email>')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>')
    .replace(/(["'`])(?:(?!\1).){0,200}\1/g, '<str>')
    .replace(/\b0x[0-9a-f]+\b|\b(?=[0-9a-f]*\d)[0-9a-f]{6,}\b/gi, '<hex>')
    .replace(/\d+(\.\d+)?/g, '<n>');
}

/** The identity of a call path: a hash, and whether the throwing frame's name survived minification. */
export interface CallPath {
  hash: string;
  /** False when the innermost chosen frame has no usable name: then only the message tells two throw sites in one file apart. */
  named: boolean;
}

/**
 * In-app frames (all frames when none is in-app), each as a deploy-stable path plus function
 * name, consecutive repeats (recursion) collapsed, hashed.
 */
export function callPathOf(frames: readonly Frame[], relative?: RelativePath): CallPath | null {
  const inApp = frames.filter((f) => f.inApp);
  const chosen = (inApp.length > 0 ? inApp : frames).slice(-MAX_PATH_FRAMES);
  if (chosen.length === 0) return null;
  let key = '';
  let previous = '';
  let named = false;
  for (const f of chosen) {
    const fn = stableFunctionName(f.function);
    named = fn !== '';
    const part = (f.file ? normalizePath(f.file, relative) : '?') + '|' + fn;
    if (part !== previous) key += part + '\n';
    previous = part;
  }
  return { hash: hash64(key), named };
}

/** The fingerprint last computed for a call path, and for which error type. */
const lastByPath = new WeakMap<CallPath, { type: string; fingerprint: string }>();

/** Type + call path; the normalised message joins in when the path has no names, or replaces it when there is no stack. */
export function fingerprintOf(type: string, message: string, path: CallPath | null): string {
  if (path === null) return hash64(type + '\n' + normalizeMessage(message));
  if (!path.named) return hash64(type + '\n' + path.hash + '\n' + normalizeMessage(message));
  // A cached call path comes back on every capture from its throw site: so does its fingerprint
  // (the same string object, whose hash the counters' maps have already computed).
  const known = lastByPath.get(path);
  if (known !== undefined && known.type === type) return known.fingerprint;
  const fingerprint = hash64(type + '\n' + path.hash);
  lastByPath.set(path, { type, fingerprint });
  return fingerprint;
}

/**
 * The app's root directory (or its spellings: as configured and with symlinks resolved). File
 * identities are taken relative to it, so a bug keeps its fingerprint whatever folder, host or
 * checkout the app runs from. Node passes the nearest package.json's directory (see its `appRoot` option).
 */
export type AppRoot = string | readonly string[];

/**
 * The app's root(s) as the path lookup fingerprints use (undefined without one). A runtime hands
 * it to core (`Platform.relativePath`): a runtime without an app root (the browser) does not ship it.
 */
export function appRootPaths(appRoot: AppRoot | undefined): RelativePath | undefined {
  const roots = typeof appRoot === 'string' ? [appRoot] : appRoot;
  return roots && roots.length > 0 ? (path) => relativeToRoot(path, roots) : undefined;
}

export interface FingerprinterOptions extends InAppRules {
  /** Paths below the app's root, relative to it (see `appRootPaths`). */
  relativePath?: RelativePath;
  /** Symbolication applied before hashing, so a re-minified release keeps its fingerprints. */
  mapFrames?: (frames: Frame[]) => Frame[];
  /**
   * Scrubs secrets from file URLs (signed script URLs, user:password@ hosts), once per stack: every
   * event copies the cached frames. Fingerprints are unchanged: paths drop query and host anyway.
   */
  scrubUrl?: (url: string) => string;
}

/** Parsed (and symbolicated) frames plus their call path, shared by every event from one throw site. */
export interface ParsedStack {
  /** Shared between events: copy a frame before changing it. */
  frames: readonly Frame[];
  path: CallPath | null;
}

/** Stacks compared by content per throw-site line; a line with more call paths than this hashes them. */
const STACKS_PER_SITE = 8;


/**
 * Raw stack → frames and call path, cached by the frames part of the stack (the message is not part
 * of the key): an error storm from one throw site parses and symbolicates once, then costs one
 * short lookup per capture — for the fingerprint and for the event alike.
 */
export function createStackCache(options: FingerprinterOptions = {}): (stack: string) => ParsedStack {
  // Keyed by the throw site's line first: hashing a whole stack costs ~1 ns a character on every
  // capture, while comparing it with the few stacks seen from that line is a memcmp.
  const sites = new Map<string, { raw: string; parsed: ParsedStack }[]>();
  const overflow = new Map<string, ParsedStack>();
  let held = 0; // stacks in `sites`, bounded like `overflow`
  // The last stack looked up: a storm repeats one stack, and comparing is cheaper than hashing its site line.
  let lastRaw: string | undefined;
  let lastParsed: ParsedStack;
  return (stack) => {
    const raw = framesPart(stack);
    if (raw !== lastRaw) {
      lastParsed = lookup(raw, stack);
      lastRaw = raw;
    }
    return lastParsed;
  };

  function lookup(raw: string, stack: string): ParsedStack {
    const lineEnd = raw.indexOf('\n', 1);
    const site = lineEnd < 0 ? raw : raw.slice(0, lineEnd);
    const seen = sites.get(site);
    if (seen !== undefined) {
      for (const entry of seen) if (entry.raw === raw) return entry.parsed;
      if (seen.length >= STACKS_PER_SITE) {
        const hit = overflow.get(raw);
        if (hit !== undefined) return hit;
      }
    }
    let frames = parseStackString(stack, options);
    if (options.mapFrames) {
      try {
        frames = options.mapFrames(frames);
      } catch {
        /* unmapped frames still fingerprint */
      }
    }
    if (options.scrubUrl) for (const f of frames) if (f.file && /[?@;]/.test(f.file)) f.file = options.scrubUrl(f.file);
    const parsed: ParsedStack = { frames, path: callPathOf(frames, options.relativePath) };
    if (seen !== undefined && seen.length >= STACKS_PER_SITE) {
      setBounded(overflow, raw, parsed, CACHE_SIZE);
      return parsed;
    }
    if (held >= CACHE_SIZE) {
      const [oldest, stacks] = sites.entries().next().value as [string, unknown[]];
      sites.delete(oldest);
      held -= stacks.length;
    }
    const bucket = sites.get(site);
    if (bucket) bucket.push({ raw, parsed });
    else sites.set(site, [{ raw, parsed }]);
    held++;
    return parsed;
  }
}

/** Call path of a raw stack through a stack cache. */
export function createCallPathCache(options: FingerprinterOptions = {}): (stack: string) => CallPath | null {
  const parse = createStackCache(options);
  return (stack) => parse(stack).path;
}

const defaultCallPath = /* @__PURE__ */ createCallPathCache();

export interface FingerprintOptions extends InAppRules {
  /** The app's root: file paths below it count relative to it (what the Node client passes; see `AppRoot`). */
  appRoot?: AppRoot;
  /** Already-parsed (e.g. symbolicated) frames to use instead of the raw stack. */
  frames?: Frame[];
}

/**
 * Stable fingerprint of a thrown value: same type and in-app call path → same value, whatever
 * the lines, columns, bundle hashes, query strings or hosts.
 */
export function computeFingerprint(error: unknown, options?: FingerprintOptions): string {
  const { type, message } = errorInfo(error);
  const relative = appRootPaths(options?.appRoot);
  if (options?.frames) return fingerprintOf(type, message, callPathOf(options.frames, relative));
  const stack = readStack(error);
  if (!stack) return fingerprintOf(type, message, null);
  const custom = options?.inAppInclude || options?.inAppExclude || options?.appRoot;
  const path = custom ? callPathOf(parseStackString(stack, options), relative) : defaultCallPath(stack);
  return fingerprintOf(type, message, path);
}
