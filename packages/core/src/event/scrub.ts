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
const KEY_VALUE = /([\w-]+)(["']?)(=|:\s*)("[^"]*"|'[^']*'|[^\s&,;]+)|[\w-]+/g;
const URL_CREDENTIALS = /([a-z][\w+.-]*:\/\/)[^\s/?#@]*@|[\w+.-]+/gi;
const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}\b/g;

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
    if (out.includes('=') || out.includes(':')) out = out.replace(KEY_VALUE, (m, key: string | undefined, quote: string, sep: string, value: string) => {
      if (key === undefined) return m;
      // A non-secret key whose value is a URL (https://…, redirect=…?token=) still hides secret query parameters.
      if (!isSecretKey(key)) return value.includes('?') ? `${key}${quote}${sep}${url(value)}` : m;
      const q = value[0] === '"' || value[0] === "'" ? value[0] : '';
      return `${key}${quote}${sep}${q}${FILTERED}${q}`;
    });
    if (maskPii && out.includes('@')) out = out.replace(EMAIL, (m) => (m.includes('@') ? '[email]' : m));
    if (maskPii && out.includes('.')) out = out.replace(IPV4, '[ip]');
    return out;
  };

  const url = (raw: string): string => {
    // user:password@ in a URL is a credential whatever the scheme.
    const input = raw.replace(/^([a-z][\w+.-]*:\/\/)[^/?#@]*@/i, `$1${FILTERED}@`);
    const q = input.indexOf('?');
    if (q < 0) return input;
    const hashAt = input.indexOf('#', q);
    const query = input.slice(q + 1, hashAt < 0 ? undefined : hashAt);
    const cleaned = query
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=');
        const key = safeDecode(eq < 0 ? pair : pair.slice(0, eq));
        return eq >= 0 && isSecretKey(key) ? `${pair.slice(0, eq)}=${encodeURIComponent(FILTERED)}` : pair;
      })
      .join('&');
    return input.slice(0, q + 1) + cleaned + (hashAt < 0 ? '' : input.slice(hashAt));
  };

  const self: Scrubber = {
    isSecretKey,
    // The same walk as normalisation (which the event builder runs with scrubbing in one pass), without its limits.
    value: <T>(data: T): T => normalize(data, UNLIMITED, self) as T,
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
