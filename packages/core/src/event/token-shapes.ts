import { FILTERED } from './normalize';

/**
 * Credentials recognisable by their shape wherever they appear, whatever key (if any) they sit
 * under: Stripe secret and restricted keys, GitHub tokens, AWS access key ids, Slack tokens,
 * Google API keys, JWTs and PEM private-key blocks.
 */

/** Cheap test first: the replace below calls back once per word, which only texts holding a prefix pay. */
const HINT = /[sr]k_(?:live|test)_|gh[pousr]_|github_pat_|AKIA|ASIA|xox[abprse]-|AIza|eyJ/;

/**
 * Each token shape starts a word; the bare-word alternative consumes a word holding none, so every
 * attempt starts at a word's start and each word is read a bounded number of times (linear).
 */
const TOKENS =
  /([sr]k_(?:live|test)_[0-9A-Za-z]{8,}|gh[pousr]_[0-9A-Za-z]{20,}|github_pat_\w{20,}|(?:AKIA|ASIA)[0-9A-Z]{16}|xox[abprse]-[0-9A-Za-z-]{8,}|AIza[\w-]{30,}|eyJ[\w-]*\.eyJ[\w-]*\.[\w-]*)|[\w-]+/g;

/** A PEM private key (RSA, EC, OPENSSH, ENCRYPTED, PGP … BLOCK) to its END line, or to the end of the text when cut. */
const PEM = /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY[A-Z ]{0,10}-----[\s\S]*?(?:-----END [A-Z0-9 ]{0,40}PRIVATE KEY[A-Z ]{0,10}-----|$)/g;

export function maskTokenShapes(text: string): string {
  let out = text;
  if (out.includes('PRIVATE KEY')) out = out.replace(PEM, FILTERED);
  if (HINT.test(out)) out = out.replace(TOKENS, (word, token?: string) => (token ? FILTERED : word));
  return out;
}
