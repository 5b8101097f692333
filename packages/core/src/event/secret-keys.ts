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
  /passw(or)?d|passphrase|passcode|^pwd?$|^pass$|secret|token|cookie|credential|apikey|(access|priv(ate)?|secret|subscription|signing|encryption|master|client|auth|session|account|shared|storage)key|signature|^sig$|authori[sz]ation|authentication|^auth$|^x?[cx]srf|^session$|sess(ion)?id$|^jwt$|^otp$|creditcard|card(number|num|no|pan)$|^cc(num|number|no)$|^pan$|cvv|cvc|ccv|^(card)?pin(code)?$|securitycode/,
];

/** Names that are secrets as URL parameters only (`?key=` is a Google API key; a context field named `key` is usually not). */
const URL_PARAM_KEYS = /^(key|code|ticket)$/;

/** Header names whose whole line is the secret: a second cookie or a Digest `response=` is as secret as the first value. */
export const WHOLE_LINE_KEYS = /^(setcookie|cookie|(proxy|x)?authori[sz]ation|authentication)$/;

export interface SecretKeys {
  isSecretKey(key: string): boolean;
  /** A query, fragment or path (`;jsessionid=`) parameter's name. */
  isSecretParam(key: string): boolean;
}

export function secretKeys(extraKeys: Pattern[]): SecretKeys {
  const memo = new Map<string, boolean>();
  const isSecretKey = (key: string): boolean => {
    let hit = memo.get(key);
    if (hit === undefined) {
      const compact = compactKey(key);
      // The app's own patterns see the key as written and compacted.
      hit = matches(compact, DEFAULT_SCRUB_KEYS) || matches(key, extraKeys) || matches(compact, extraKeys);
      if (memo.size < 5000) memo.set(key, hit);
    }
    return hit;
  };
  return { isSecretKey, isSecretParam: (key) => isSecretKey(key) || URL_PARAM_KEYS.test(compactKey(key)) };
}
