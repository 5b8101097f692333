import { matches, type Pattern } from '../stack/frames';
import { FILTERED, normalize } from './normalize';

export { FILTERED };

/** Keys whose values are secrets wherever they appear: headers, query, bodies, contexts, tags. */
export const DEFAULT_SCRUB_KEYS: Pattern[] = [
  // One pattern (one test per key): passwords, secrets, tokens, cookies, API/private keys, credentials, CSRF tokens, and
  // these exact names: pass, auth, (proxy-)authorization, session/sessionid/session_id/session-id, signature, sig, card/cc numbers, cvv.
  /passw(or)?d|secret|token|cookie|api[-_]?key|credential|private[-_]?key|^(x-)?[cx]srf|^(pass|auth|(proxy-)?authorization|session([-_]?id)?|signature|sig|(card|cc)[-_]?num(ber)?|cvv)$/i,
];

export interface Scrubber {
  isSecretKey(key: string): boolean;
  /** Deep copy with secret-keyed values replaced; input is already normalised plain data. */
  value<T>(data: T): T;
  /** URL with secret query parameters filtered. */
  url(url: string): string;
  /** Free text (messages): secrets in key=value pairs and bearer tokens; PII when asked. */
  text(text: string): string;
}

// Each pattern ends in a bare-run alternative that consumes a whole word when the secret shape is
// absent: matching stays linear on long messages (no backtracking from every position of a word).
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+|[\w.+-]+/g;
const BEARER = /\b(bearer|basic|token)\s+[\w\-.~+/=]{6,}/gi;
/** A key, the quote closing it, and its separator (`password=`, `token: `, `"apiKey" : `); or a bare word. */
const KEY_SEPARATOR = /([\w-]+)(["']?)(\s*[=:]\s*)|[\w-]+/g;
const VALUE = /"[^"]*"|'[^']*'|[^\s&,;]+/y;
// Credentials end at the last @ before the path, as URL parsers read them ("user:p@ss@host").
const URL_CREDENTIALS = /([a-z][\w+.-]*:\/\/)[^\s/?#]*@|[\w+.-]+/gi;
const LEADING_CREDENTIALS = /^([a-z][\w+.-]*:\/\/)[^/?#]*@/i;
/** A key=value parameter in a query or a fragment. */
const PARAM = /([?&#])([^=&#?]*)=([^&#]*)/g;
const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}\b/g;

const FILTERED_PARAM = encodeURIComponent(FILTERED);

const UNLIMITED = { depth: 20, breadth: Infinity, stringLength: Infinity };

export function createScrubber(extraKeys: Pattern[] = [], maskPii = true): Scrubber {
  const keys = DEFAULT_SCRUB_KEYS.concat(extraKeys);
  const memo = new Map<string, boolean>();
  const isSecretKey = (key: string): boolean => {
    let hit = memo.get(key);
    if (hit === undefined) {
      hit = matches(key, keys);
      if (memo.size < 5000) memo.set(key, hit);
    }
    return hit;
  };

  // Each pass runs only when the character its secret shape needs is there: the bare-word
  // alternatives call back once per word, which would cost every ordinary message.
  const text = (input: string): string => {
    let out = input.replace(BEARER, (_m, scheme: string) => `${scheme} ${FILTERED}`);
    if (out.includes('://')) out = out.replace(URL_CREDENTIALS, (m, scheme?: string) => (scheme ? `${scheme}${FILTERED}@` : m));
    if (out.includes('=') || out.includes(':')) out = filterPairs(out);
    if (maskPii && out.includes('@')) out = out.replace(EMAIL, (m) => (m.includes('@') ? '[email]' : m));
    if (maskPii && out.includes('.')) out = out.replace(IPV4, '[ip]');
    return out;
  };

  /**
   * Secret-keyed values of `key=value` pairs in free text. The value of any other key is scanned
   * on, since it may hold a pair itself ("failed: password=…", "see https://…?token=…").
   */
  const filterPairs = (input: string): string => {
    let out = '';
    let done = 0;
    KEY_SEPARATOR.lastIndex = 0;
    for (let m = KEY_SEPARATOR.exec(input); m; m = KEY_SEPARATOR.exec(input)) {
      if (m[1] === undefined || !isSecretKey(m[1])) continue;
      VALUE.lastIndex = KEY_SEPARATOR.lastIndex;
      const value = VALUE.exec(input)?.[0];
      if (!value || value === FILTERED_PARAM) continue; // a URL's parameter, filtered already
      const q = value[0] === '"' || value[0] === "'" ? value[0] : '';
      out += input.slice(done, KEY_SEPARATOR.lastIndex) + q + FILTERED + q;
      done = KEY_SEPARATOR.lastIndex = VALUE.lastIndex;
    }
    return out + input.slice(done);
  };

  const url = (raw: string): string => {
    // user:password@ in a URL is a credential whatever the scheme.
    const input = raw.replace(LEADING_CREDENTIALS, `$1${FILTERED}@`);
    const start = input.search(/[?#]/);
    if (start < 0) return input;
    // Query and fragment alike: OAuth's implicit flow returns access_token in the fragment, and hash routers keep a query there.
    return input.slice(0, start) + input.slice(start).replace(PARAM, (m, sep: string, key: string) => (isSecretKey(safeDecode(key)) ? `${sep}${key}=${FILTERED_PARAM}` : m));
  };

  const self: Scrubber = {
    isSecretKey,
    // The same walk as normalisation (which the event builder runs with scrubbing in one pass), without its limits.
    value: <T>(data: T): T => normalize(data, UNLIMITED, self, { left: 100_000 }) as T,
    url,
    text,
  };
  return self;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}
