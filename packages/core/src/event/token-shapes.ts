import { FILTERED } from './normalize';

/**
 * Credentials recognisable by their shape wherever they appear, whatever key (if any) they sit
 * under: Stripe secret, restricted and webhook keys, GitHub, GitLab, npm, Shopify, OpenAI and
 * Anthropic tokens, AWS access key ids, Slack tokens, SendGrid keys, Google API keys and OAuth
 * access tokens, JWTs, PEM private-key blocks, and the secret path of Slack and Discord webhook URLs.
 */

/** Where any shape below may start: the cheap test first, since the replace calls back once per word. */
export const TOKEN_HINT =
  /[sr]k_(?:live|test)_|whsec_|gh[pousr]_|github_pat_|glpat-|npm_|shp(?:at|ss|ca|pa)_|sk-|AKIA|ASIA|xox[abprse]-|xapp-|SG\.|AIza|ya29\.|eyJ|hooks\.slack\.com|discord(?:app)?\.com\/api\/webhooks/;

/**
 * Each token shape starts a word; the bare-word alternative consumes a word holding none, so every
 * attempt starts at a word's start and each word is read a bounded number of times (linear).
 * Webhook URLs keep their host and kind (group 2) and lose the secret path.
 */
const TOKENS =
  /((?:[sr]k_(?:live|test)_|whsec_)[0-9A-Za-z]{8,}|gh[pousr]_[0-9A-Za-z]{20,}|github_pat_\w{20,}|glpat-[\w-]{20,}|npm_[0-9A-Za-z]{36}|shp(?:at|ss|ca|pa)_[0-9a-fA-F]{32}|sk-(?:ant-|proj-|svcacct-|admin-)[\w-]{20,}|sk-[0-9A-Za-z]{32,}|(?:AKIA|ASIA)[0-9A-Z]{16}|xox[abprse]-[0-9A-Za-z-]{8,}|xapp-[0-9A-Za-z-]{8,}|SG\.[\w-]{16,}\.[\w-]{16,}|AIza[\w-]{30,}|ya29\.[\w-]{20,}|eyJ[\w-]*\.eyJ[\w-]*\.[\w-]*)|(hooks\.slack\.com\/(?:services|workflows|triggers)\/|discord(?:app)?\.com\/api\/webhooks\/)[\w/-]+|[\w-]+/g;

/** A PEM private key (RSA, EC, OPENSSH, ENCRYPTED, PGP … BLOCK) to its END line, or to the end of the text when cut. */
const PEM = /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY[A-Z ]{0,10}-----[\s\S]*?(?:-----END [A-Z0-9 ]{0,40}PRIVATE KEY[A-Z ]{0,10}-----|$)/g;

export function maskTokenShapes(text: string): string {
  let out = text;
  if (out.includes('PRIVATE KEY')) out = out.replace(PEM, FILTERED);
  if (TOKEN_HINT.test(out)) out = out.replace(TOKENS, (word, token?: string, webhook?: string) => (token ? FILTERED : webhook ? webhook + FILTERED : word));
  return out;
}
