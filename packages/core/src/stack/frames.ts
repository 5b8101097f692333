/** Frame facts shared by parsing and fingerprinting: which frames are the app's, and a path that survives deploys. */

export type Pattern = string | RegExp;

export function matches(value: string, patterns: readonly Pattern[] | undefined): boolean {
  if (!patterns) return false;
  for (const p of patterns) {
    if (typeof p === 'string' ? value.includes(p) : isMatch(p, value)) return true;
  }
  return false;
}

function isMatch(pattern: unknown, value: string): boolean {
  if (!(pattern instanceof RegExp)) return false; // a stray non-pattern in user options must not fail every capture
  // A user's /g or /y pattern keeps lastIndex between calls and would miss every other match.
  if (pattern.global || pattern.sticky) pattern.lastIndex = 0;
  return pattern.test(value);
}

export interface InAppRules {
  inAppInclude?: Pattern[];
  inAppExclude?: Pattern[];
}

/** Dependencies, runtime internals (Node's, the engine's) and browser extensions. */
const NOT_APP_FILE = /node_modules|^(?:node:|internal\/|chrome-extension:|moz-extension:)|^(?:native|<anonymous>)$/;

/** node_modules, runtime internals and frames without a file are not the app's code. */
export function isInApp(file: string | undefined, rules?: InAppRules): boolean {
  if (!file || matches(file, rules?.inAppExclude)) return false;
  return matches(file, rules?.inAppInclude) || !NOT_APP_FILE.test(file);
}

/** A scheme and host, nested ones too (`blob:https://host`): the origin is where the code was served, not what it is. */
const SCHEME_HOST = /^(?:[a-z][\w+.-]*:)+\/\/[^/]*/i;
/** Firefox names code made by `new Function`/`eval` after the line that made it: `app.js line 210 > Function`. */
const FIREFOX_GENERATED = / line \d+ > .*$/;
/** A token between separators, followed only by extensions: `app.3f2a9b1c.js`, `main-THGYABFG.js`, `app.3f2a9b.min.js`. */
const HASH_TOKEN = /[.\-_~]([A-Za-z0-9]{6,})(?=(?:\.[A-Za-z]{1,6})+$)/g;
const VERSIONISH_DIR = /\d/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WINDOWS_DRIVE = /^\/?([A-Za-z]):\//;

/** Content hashes have a digit, or mixed case (Vite, Rollup), or are long and all capitals (esbuild's base32: 1 in 5 has no digit). */
function isHashLike(token: string): boolean {
  return /\d/.test(token) || (/[a-z]/.test(token) && /[A-Z]/.test(token)) || (token.length >= 8 && !/[a-z]/.test(token));
}

/** `C:\app`, `/C:/app` (from a file URL) and `c:/app` compare alike; POSIX paths are left as they are. */
function comparable(path: string): string {
  const p = path.replace(/\\/g, '/');
  return WINDOWS_DRIVE.test(p) ? p.replace(WINDOWS_DRIVE, (_m, drive: string) => drive.toLowerCase() + ':/') : p;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * A path below one of the app's roots, relative to it (`src/cart.js`); undefined when it is under none.
 * A root of `/` is no root: it would make every path "relative".
 */
export function relativeToRoot(path: string, appRoots: readonly string[]): string | undefined {
  const p = comparable(path);
  for (const root of appRoots) {
    let r = comparable(root);
    if (!r.endsWith('/')) r += '/';
    if (r === '/' || /^[a-z]:\/$/.test(r)) continue;
    if (p.startsWith(r)) return p.slice(r.length);
  }
  return undefined;
}

/** A file's path relative to the app's root, undefined when it is not below it (see `appRootPaths`). */
export type RelativePath = (path: string) => string | undefined;

/**
 * A file path that stays the same across deploys and hosts: relative to the app's root when it
 * is under one (`relative`, given by the runtime: Node's package root), no scheme/host, query or
 * fragment, no bundle hash in the file name, no release or version directories, `node_modules/<pkg>/…`
 * from the package on, and only the last few segments (a deploy root no runtime told us about moves;
 * the app's own layout does not). Firefox's `line N > Function` suffix is dropped: it moves with edits.
 */
export function normalizePath(file: string, relative?: RelativePath): string {
  let path = file.replace(FIREFOX_GENERATED, '').replace(/\\/g, '/').split(/[?#]/)[0];
  const isFileUrl = /^file:\/\//i.test(path);
  path = path.replace(SCHEME_HOST, '');
  if (isFileUrl) path = safeDecode(path);
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) return path.slice(nm);
  if (relative) path = relative(path) ?? path;
  const segments = path.split('/');
  let base = segments.pop() ?? '';
  if (UUID.test(base)) base = '<uuid>'; // blob: URLs name a script by a random id per page load
  const name = base.replace(HASH_TOKEN, (token, id: string) => (isHashLike(id) ? '' : token));
  const dirs = segments.filter((s) => s !== '' && s !== '.' && !VERSIONISH_DIR.test(s));
  dirs.push(name);
  return dirs.slice(-3).join('/');
}

/**
 * Minifiers rename functions to one or two letters, and in big bundles to three with a digit, `$`
 * or `_` (`h3r`, `$e_`); such names carry no identity. For `a.b` the last part decides.
 */
export function isMinifiedName(name: string): boolean {
  const last = name.slice(name.lastIndexOf('.') + 1);
  return last.length <= 2 || last === '<computed>' || (last.length === 3 && /[\d$_]/.test(last));
}

/** A function name as it survives re-minification: `a.total` (a minified class) is `total`, `Cart.total` stays. */
export function stableFunctionName(name: string | undefined): string {
  return normalizeFunctionName(name)
    .split('.')
    .filter((part) => !isMinifiedName(part))
    .join('.');
}

/** Drops decorations V8 adds that vary with how a function was reached. */
export function normalizeFunctionName(name: string | undefined): string {
  const fn = name ? name.replace(/^async /, '').replace(/^new /, '') : '';
  return fn === '<anonymous>' || fn === 'Object.<anonymous>' ? '' : fn;
}
