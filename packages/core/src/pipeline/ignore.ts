import { matches, type Pattern } from '../stack/frames';

/** `ignoreErrors` patterns are matched against "Type: message" (and the bare message, as users write it). */
export function isIgnored(type: string, message: string, patterns: readonly Pattern[] | undefined): boolean {
  if (!patterns || patterns.length === 0) return false;
  return matches(`${type}: ${message}`, patterns) || matches(message, patterns);
}
