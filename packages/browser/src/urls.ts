import { matches, type Platform } from '@bugmastery/core/internal';

export type UrlPattern = string | RegExp;

/** Browser extensions inject scripts into every page; their errors are not the page's bugs. */
const EXTENSION = /^(?:[a-z-]+-extension|webkit-masked-url):/i;
/** What a browser reports for an error in a cross-origin script loaded without CORS: nothing usable. */
const SCRIPT_ERROR = /^Script error\.?$/;

/** The file of the innermost frame that has a URL, read from the raw stack (cheap: no parse before the decision). */
const URL_IN_STACK = /[a-z][\w+.-]*:\/\/[^\s)]+/gi;

export function topFile(stack: string): string | undefined {
  // Start after V8's "Type: message" header (a URL in the message is not a frame), without copying the stack.
  URL_IN_STACK.lastIndex = Math.max(0, stack.indexOf('\n    at '));
  const url = URL_IN_STACK.exec(stack);
  return url ? url[0].replace(/(?::\d+){1,2}$/, '') : undefined;
}

/** The browser's `ignore` rule: "Script error." without a stack, extension frames, denyUrls, and files outside allowUrls. */
export function ignoreRule(allowUrls?: UrlPattern[], denyUrls?: UrlPattern[]): NonNullable<Platform['ignore']> {
  return (_type, message, stack) => {
    if (!stack) return SCRIPT_ERROR.test(message);
    const file = topFile(stack);
    if (!file) return false;
    return EXTENSION.test(file) || matches(file, denyUrls) || (!!allowUrls?.length && !matches(file, allowUrls));
  };
}
