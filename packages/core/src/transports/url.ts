/** Validates a transport's endpoint at init, naming the option, so a typo fails loudly once instead of silently forever. */
export function requireUrl(value: unknown, option: string, transport: string): URL {
  if (typeof value !== 'string' || value.length === 0) {
    throw new TypeError(`[bugmastery] ${transport}: option "${option}" is required and must be a URL string`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`[bugmastery] ${transport}: option "${option}" is not a valid URL: "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`[bugmastery] ${transport}: option "${option}" must be an http(s) URL, got "${url.protocol}"`);
  }
  return url;
}
