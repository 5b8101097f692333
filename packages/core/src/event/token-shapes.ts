import { FILTERED } from './normalize';

/**
 * Credentials recognisable by their shape wherever they appear, whatever key (if any) they sit
 * under: Stripe secret, restricted and webhook keys, GitHub, GitLab, npm, Shopify, OpenAI and
 * Anthropic tokens, AWS access key ids, Slack tokens, SendGrid keys, Google API keys and OAuth
 * access tokens, JWTs, PEM private-key blocks, and the secret path of Slack and Discord webhook URLs.
 */

/** Where any shape below may start: the cheap test first, since the replace calls back once per word. */
export const TOKEN_HINT =
  /[sr]k_(?:live|test)_|whsec_|gh[pousr]_|github_pat_|glpat-|npm_|shp(?:at|ss|ca|pa)_|sk-|A[KS]IA|x(?:ox[abprse]|app)-|SG\.|AIza|ya29\.|eyJ|hooks\.slack\.com|discord(?:app)?\.com\/api\/webhooks/;

/**
 * Each token shape starts a word; the bare-word alternative consumes a word holding none, so every
 * attempt starts at a word's start and each word is read a bounded number of times (linear).
 * Webhook URLs keep their host and kind (group 2) and lose the secret path. `[^\W_]`: a letter or a digit.
 */
const TOKENS =
  /((?:[sr]k_(?:live|test)_|whsec_)[^\W_]{8,}|gh[pousr]_[^\W_]{20,}|github_pat_\w{20,}|glpat-[\w-]{20,}|npm_[^\W_]{36}|shp(?:at|ss|ca|pa)_[\da-fA-F]{32}|sk-(?:(?:ant|proj|svcacct|admin)-[\w-]{20,}|[^\W_]{32,})|A[KS]IA[\dA-Z]{16}|x(?:ox[abprse]|app)-[\dA-Za-z-]{8,}|SG\.[\w-]{16,}\.[\w-]{16,}|AIza[\w-]{30,}|ya29\.[\w-]{20,}|eyJ[\w-]*\.eyJ[\w-]*\.[\w-]*)|(hooks\.slack\.com\/(?:services|workflows|triggers)\/|discord(?:app)?\.com\/api\/webhooks\/)[\w/-]+|[\w-]+/g;

/** A PEM private key (RSA, EC, OPENSSH, ENCRYPTED, PGP … BLOCK) to its END line, or to the end of the text when cut. */
const PEM = /-----BEGIN [A-Z\d ]{0,40}PRIVATE KEY[A-Z ]{0,10}-----[\s\S]*?(?:-----END [A-Z\d ]{0,40}PRIVATE KEY[A-Z ]{0,10}-----|$)/g;

export function maskTokenShapes(text: string): string {
  let out = text;
  if (out.includes('PRIVATE KEY')) out = out.replace(PEM, FILTERED);
  if (TOKEN_HINT.test(out)) out = out.replace(TOKENS, (word, token?: string, webhook?: string) => (token ? FILTERED : webhook ? webhook + FILTERED : word));
  return out;
}
