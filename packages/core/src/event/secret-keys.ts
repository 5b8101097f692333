import { matches, type Pattern } from '../stack/frames';

/**
 * Which keys hold secrets. Names are compared compacted — lowercase, without `-`, `_`, `.` or
 * spaces — so `creditCard`, `credit-card`, `CREDIT_CARD` and `Credit Card` are one name.
 */
export function compactKey(key: string): string {
  return key.slice(0, 256).toLowerCase().replace(/[-_.\s]/g, '');
}

/**
 * The default secret names, matched against compacted keys: passwords, secrets, tokens, cookies,
 * credentials, API/access/private/subscription/session/account/storage keys (Azure's `AccountKey=`), signatures, authorization and authentication
 * (with any prefix: x-authorization, proxy-authorization), CSRF tokens, session ids (jsessionid,
 * PHPSESSID), JWTs, card numbers, CVV/CVC/CCV (`card_cvv` too), PINs and security codes.
 */
export const DEFAULT_SCRUB_KEYS: Pattern[] = [
  /pass(w(or)?d|phrase|code)|secret|token|cookie|credential|(api|access|priv(ate)?|subscription|signing|encryption|master|client|auth|session|account|shared|storage)key|signature|auth(ori[sz]|entic)ation|^x?[cx]srf|sess(ion)?id$|creditcard|card(num(ber)?|no|pan)$|cv[vc]|ccv|securitycode|^(pwd?|pass|sig|auth|session|jwt|otp|pan|cc(num(ber)?|no)|(card)?pin(code)?)$/,
];

/** Names that are secrets as URL parameters only (`?key=` is a Google API key; a context field named `key` is usually not). */
const URL_PARAM_KEYS = /^(key|code|ticket)$/;

/** Header names whose whole line is the secret: a second cookie or a Digest `response=` is as secret as the first value. */
export const WHOLE_LINE_KEYS = /^((set)?cookie|(proxy|x)?authori[sz]ation|authentication)$/;

export interface SecretKeys {
  isSecretKey(key: string): boolean;
  /** A query, fragment or path (`;jsessionid=`) parameter's name. */
  isSecretParam(key: string): boolean;
}

export function secretKeys(extraKeys: Pattern[]): SecretKeys {
  const isSecretKey = memoized((key): boolean => {
    const compact = compactKey(key);
    // The app's own patterns see the key as written and compacted.
    return matches(compact, DEFAULT_SCRUB_KEYS) || matches(key, extraKeys) || matches(compact, extraKeys);
  });
  return { isSecretKey, isSecretParam: (key) => isSecretKey(key) || URL_PARAM_KEYS.test(compactKey(key)) };
}

/**
 * Keys, context values, tags, user fields, crumbs and request URLs repeat from event to event:
 * short inputs are looked at once (a bounded memo).
 */
export function memoized<T>(compute: (input: string) => T): (input: string) => T {
  const memo = new Map<string, T>();
  return (input) => {
    if (input.length > 256) return compute(input);
    let out = memo.get(input);
    if (out === undefined) {
      if (memo.size >= 2000) memo.clear();
      memo.set(input, (out = compute(input)));
    }
    return out;
  };
}
