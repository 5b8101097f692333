import type { Pattern } from '../stack/frames';
import { CARD, CARD_CANDIDATE, isCardNumberValue, maskCardNumbers } from './card-number';
import { FILTERED, normalize, type Plain } from './normalize';
import { compactKey, DEFAULT_SCRUB_KEYS, memoized, secretKeys, WHOLE_LINE_KEYS } from './secret-keys';
import { maskTokenShapes, TOKEN_HINT } from './token-shapes';

export { FILTERED, DEFAULT_SCRUB_KEYS, CARD };

export interface Scrubber {
  isSecretKey(key: string): boolean;
  /** Deep copy with secret-keyed values replaced; input is already normalised plain data. */
  value<T>(data: T): T;
  /** URL with secret query, fragment and path (`;jsessionid=`) parameters filtered, percent-encoded nested ones included. */
  url(url: string): string;
  /**
   * Free text (messages, context lines, header dumps): secrets in key=value pairs, header lines,
   * bearer tokens, URL credentials, token shapes, PEM private keys, card numbers; PII when asked.
   */
  text(text: string): string;
  /** A number that is a card number becomes CARD; any other number is returned as it is. */
  number(n: number): Plain;
}

// Each pattern ends in a bare-run alternative that consumes a whole word when the secret shape is
// absent: matching stays linear on long messages (no backtracking from every position of a word).
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+){1,20}|[\w.+-]+/g;
const BEARER = /\b(bearer|basic|token)\s+[\w.~+/=-]{6,}/gi;
/**
 * A key, the (possibly escaped) quote closing it, and its separator (`password=`, `token: `,
 * `"apiKey" : `, `\"pw\":`, Ruby's `:password => `, PHP's `[password] => `); a command-line flag and the space after it
 * (`--password hunter2`, as a failed command's message repeats it); or a bare word.
 */
const KEY_SEPARATOR = /([\w-]+)(\\*["'\]]?)([ \t]*(?:=>?|:)[ \t]*)|(--[\w-]+)([ \t]+)(?=[^\s-])|[\w-]+/g;
/**
 * A secret's value, sticky at the separator's end. In order: a double- or single-quoted string
 * (escaped quotes inside it belong to it); a string quoted with escaped quotes, as JSON inside a
 * JSON string writes it (`\"…\"`, deeper-escaped quotes inside belong to it); unquoted words up to
 * `&`, `,`, `;`, the line's end, a word holding `=` or `:` or a word a separator follows (the next key: multi-word passwords); an unclosed quote: the
 * rest of the line. Every alternative reads forward only once (linear), and repeats a group a
 * bounded number of times: V8 keeps a backtracking entry per repetition, and an unbounded one
 * overflows its stack on a megabyte-long value.
 */
const VALUE =
  /"[^"\\\r\n]*(?:\\.[^"\\\r\n]*){0,1000}"|'[^'\\\r\n]*(?:\\.[^'\\\r\n]*){0,1000}'|(\\+)"[^\\\r\n]*(?:(?:\\+(?![\\"])|\1\\+")[^\\\r\n]*){0,1000}\1"|[^\s&,;"'\\][^\s&,;]*(?:[ \t]+[^\s&,;=:"'\\]+(?![^\s&,;])(?![ \t]*[=:])){0,64}|["'\\][^\r\n]*/y;
/** A URL parameter's value: up to the next parameter. */
const PARAM_VALUE = /[^\s&#;"'<>]*/y;
/** A path parameter's value (`;jsessionid=…`): up to the query or the next segment. */
const PATH_PARAM_VALUE = /[^\s&#;?/"'<>]*/y;
const REST_OF_LINE = /[^\r\n]*/y;
// Credentials end at the last @ before the path, as URL parsers read them ("user:p@ss@host").
const URL_CREDENTIALS = /([a-z][\w+.-]*:\/\/)[^\s/?#]*@|[\w+.-]+/gi;
const LEADING_CREDENTIALS = /^([a-z][\w+.-]*:\/\/)[^/?#]*@/i;
/** A key=value parameter in a query or a fragment. */
const PARAM = /([?&#])([^=&#?]*)=([^&#]*)/g;
/** A path parameter (`/app;jsessionid=…`). */
const PATH_PARAM = /;([^=;/?#]*)=([^;/?#]*)/g;
const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}\b/g;
/** Percent-encoded `=`, `:`, `&`, `?`, `%` (nested or twice-encoded parameters) or a space (a card number's groups): worth decoding to look inside. */
const ENCODED_SEPARATOR = /%(?:25)*(?:3[daf]|2[06])/i;
/** A path segment holding a percent-escape. */
const ENCODED_SEGMENT = /[^/]*%[^/]*/g;
const NON_SPACE_RUN = /[^\s"'<>]+/g;
/** An XML or HTML element and its text (`<password>…</password>`, `<ns:ApiKey>…</ns:ApiKey>`): one element per `<`, linear. */
const ELEMENT = /<((?:[\w-]+:)?([\w-]+))(?:\s[^<>]{0,256})?>([^<]*)<\/\1>/g;
/** A quote written as an HTML entity or a JSON/JS escape (`&quot;password&quot;:`, `\u0022`): an error page echoing JSON. */
const ESCAPED_QUOTE = /&(?:quot|#0*34|#x0*22);|\\u0022/gi;
/** Letters, digits, `_`, `$` and `-` only: no separator, `@`, `.` or space for a secret to hide behind. */
const SHORT_WORD = /^[\w$-]*$/;
/** Anything maskTokenShapes or maskCardNumbers would look for (their own gates, in one scan). */
const SHAPES = new RegExp(`${TOKEN_HINT.source}|PRIVATE KEY|${CARD_CANDIDATE.source}`);

const FILTERED_PARAM = encodeURIComponent(FILTERED);

const UNLIMITED = { depth: 20, breadth: Infinity, stringLength: Infinity };

/** Up to three rounds of percent-decoding (a parameter inside a parameter inside a URL). */
function decodeDeep(s: string): string {
  let out = s;
  for (let i = 0; i < 3 && out.includes('%'); i++) out = formDecode(out);
  return out;
}

export function createScrubber(extraKeys: Pattern[] = [], maskPii = true): Scrubber {
  const { isSecretKey, isSecretParam } = secretKeys(extraKeys);

  // Each pass runs only when the character its secret shape needs is there: the bare-word
  // alternatives call back once per word, which would cost every ordinary message.
  const scrubText = (input: string, nested: boolean): string => {
    let out = input;
    // Quotes escaped for HTML or as \u0022: read as quotes; the decoded text goes out when that hid a secret.
    if (!nested && (out.includes('&') || out.includes('\\u'))) {
      // `\u0022` is an escaped quote where it stands (inside a JSON string), `&quot;` a plain one.
      const decoded = out.replace(ESCAPED_QUOTE, (q) => (q[0] === '\\' ? '\\"' : '"'));
      if (decoded !== out) {
        const clean = scrubText(decoded, false);
        if (clean !== decoded) return clean;
      }
    }
    // First, while the text is as written: a secret inside a percent-encoded parameter.
    if (!nested && out.includes('%') && ENCODED_SEPARATOR.test(out)) out = out.replace(NON_SPACE_RUN, decodedRun);
    // One scan says whether a token shape or a card number may be there at all (most texts: no).
    const shapes = SHAPES.test(out);
    if (shapes) out = maskTokenShapes(out);
    // A callback, not a '$1' replacement string: V8 finds no match faster with one (every text runs this).
    out = out.replace(BEARER, (_m, scheme: string) => `${scheme} ${FILTERED}`);
    if (out.includes('://')) out = out.replace(URL_CREDENTIALS, (m, scheme?: string) => (scheme ? `${scheme}${FILTERED}@` : m));
    if (out.includes('=') || out.includes(':') || out.includes('--')) out = filterPairs(out);
    if (out.includes('</')) out = out.replace(ELEMENT, (m, _tag: string, name: string, value: string) => (value && isSecretKey(name) ? m.replace(`>${value}<`, `>${FILTERED}<`) : m));
    if (shapes) out = maskCardNumbers(out);
    if (maskPii && out.includes('@')) out = out.replace(EMAIL, (m) => (m.includes('@') ? '[email]' : m));
    if (maskPii && out.includes('.')) out = out.replace(IPV4, '[ip]');
    return out;
  };

  /** A word holding percent-encoded separators, decoded and scrubbed: the decoded form when that hid a secret, else as written. */
  const decodedRun = (run: string): string => {
    if (!ENCODED_SEPARATOR.test(run)) return run;
    const decoded = decodeDeep(run);
    if (decoded === run) return run;
    const clean = scrubText(decoded, true);
    return clean === decoded ? run : clean;
  };

  /**
   * Secret-keyed values of `key=value` pairs in free text. The value of any other key is scanned
   * on, since it may hold a pair itself ("failed: password=…", "see https://…?token=…"). A
   * Cookie/Set-Cookie/Authorization/Authentication header is filtered to the end of its line:
   * every cookie and every Digest parameter, not only the first.
   */
  const filterPairs = (input: string): string => {
    let out = '';
    let done = 0;
    KEY_SEPARATOR.lastIndex = 0;
    for (let m; (m = KEY_SEPARATOR.exec(input)); ) {
      const key = m[1] ?? m[4];
      if (!key) continue; // a bare word
      const before = input[m.index - 1]; // undefined at the start: includes() says no
      const inUrl = '?&;#'.includes(before);
      if (!(inUrl ? isSecretParam(key) : isSecretKey(key))) continue;
      const at = KEY_SEPARATOR.lastIndex;
      const first = input[at];
      let end: number;
      let filtered = FILTERED;
      if (!inUrl && '{['.includes(first)) {
        // An object or a list (`"credentials": {"user": …, "key": …}`): all of it, to its closing bracket.
        end = nestedValueEnd(input, at);
      } else {
        const wholeLine = !`"'\\`.includes(first) && m[3]?.includes(':') && WHOLE_LINE_KEYS.test(compactKey(key));
        const pattern = inUrl ? (before === ';' ? PATH_PARAM_VALUE : PARAM_VALUE) : wholeLine ? REST_OF_LINE : VALUE;
        pattern.lastIndex = at;
        const match = pattern.exec(input);
        const value = match?.[0];
        if (!value || value === FILTERED_PARAM) continue; // a URL's parameter, filtered already
        filtered = wrapLike(value, match[1]);
        end = pattern.lastIndex;
      }
      out += input.slice(done, at) + filtered;
      done = KEY_SEPARATOR.lastIndex = end;
    }
    return out + input.slice(done);
  };

  /** A secret parameter (a query's, a fragment's or a path's), its value filtered; false for any other. */
  const filteredParam = (sep: string, key: string): string | false => isSecretParam(formDecode(key)) && `${sep}${key}=${FILTERED_PARAM}`;

  const scrubUrl = (raw: string): string => {
    // user:password@ in a URL is a credential whatever the scheme.
    const input = raw.replace(LEADING_CREDENTIALS, `$1${FILTERED}@`);
    const start = input.search(/[?#]|$/);
    const path = input.slice(0, start);
    let cleanPath = path.includes(';') ? path.replace(PATH_PARAM, (m, key: string) => filteredParam(';', key) || m) : path;
    // A token or card number in the path itself (`/reset/sk_live_…`, `/cards/4111…`), also percent-encoded (`/cards/4111%201111…`).
    cleanPath = maskShapes(cleanPath);
    if (cleanPath.includes('%')) cleanPath = cleanPath.replace(ENCODED_SEGMENT, maskEncodedSegment);
    // Query and fragment alike: OAuth's implicit flow returns access_token in the fragment, and hash routers keep a query there.
    return cleanPath + input.slice(start).replace(PARAM, (m, sep: string, key: string, value: string) => {
      const filtered = filteredParam(sep, key);
      if (filtered) return filtered;
      // A parameter carrying a URL or query, maybe encoded (`next=%2Fme%3Faccess_token%3D…`): scrubbed inside, re-encoded.
      // Any other value: token shapes and card numbers only (cheap; no per-word pass for every URL).
      const nested = value.includes('=') || ENCODED_SEPARATOR.test(value);
      const decoded = nested ? decodeDeep(value) : value;
      const clean = nested ? scrubText(decoded, true) : maskShapes(decoded);
      return clean === decoded ? m : `${sep}${key}=${encodeURIComponent(clean)}`;
    });
  };

  const text = memoized((input) => {
    try {
      return scrubText(input, false);
    } catch {
      return FILTERED; // fail closed: text the scrubber could not read does not go out
    }
  });
  const self: Scrubber = {
    isSecretKey,
    // The same walk as normalisation (which the event builder runs with scrubbing in one pass), without its limits.
    value: <T>(data: T): T => normalize(data, UNLIMITED, self, { left: 100_000 }) as T,
    url: memoized(scrubUrl),
    // A short word (an error type, a category, an id): too short for any shape, and the common case.
    text: (input) => (input.length <= 12 && SHORT_WORD.test(input) ? input : text(input)),
    number: (n) => (isCardNumberValue(n) ? CARD : n),
  };
  return self;
}

/** FILTERED in the quotes the value had (plain, or escaped as JSON inside a string writes them). */
function wrapLike(value: string, escapes: string | undefined): string {
  if (escapes !== undefined) return `${escapes}"${FILTERED}${escapes}"`;
  const q = value[0];
  return (q === '"' || q === "'") && value.length > 1 && value.endsWith(q) ? q + FILTERED + q : FILTERED;
}

/** Longest object or list value looked through for its closing bracket. */
const MAX_NESTED = 64 * 1024;

/**
 * Where an object or list value starting at `start` ends: after its closing bracket (quoted strings
 * skipped, escapes included); unclosed, at the end of its line or MAX_NESTED characters on (all of
 * it is filtered: fails closed). The scan is never repeated over the same text: linear.
 */
function nestedValueEnd(text: string, start: number): number {
  let depth = 0;
  let quote = '';
  const end = Math.min(text.length, start + MAX_NESTED);
  for (let i = start; i < end; i++) {
    const c = text[i];
    if (c === '\n') return i;
    if (quote) {
      if (c === '\\') i++; // the escaped character, a line break too, belongs to the string
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '{' || c === '[') depth++;
    else if ((c === '}' || c === ']') && --depth === 0) return i + 1;
  }
  return end;
}

/** Token shapes and card numbers, behind one scan that says whether either may be there (most texts: no). */
function maskShapes(text: string): string {
  return SHAPES.test(text) ? maskCardNumbers(maskTokenShapes(text)) : text;
}

/** A percent-encoded path segment, decoded to look for shapes: re-encoded when one was masked, else as written. */
function maskEncodedSegment(segment: string): string {
  const decoded = formDecode(segment);
  const clean = decoded === segment ? segment : maskShapes(decoded); // as written: the path's own pass saw it
  return clean === decoded ? segment : encodeURIComponent(clean);
}

/** A form-encoded value decoded ('+' is a space); left as it is when it cannot be decoded. */
function formDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}
