/** Validates a transport's endpoint at init, naming the option, so a typo fails loudly once instead of silently forever. */
export function requireUrl(value: unknown, option: string, transport: string): URL {
  const bad = (what: string): TypeError => new TypeError(`[bugmastery] ${transport}: option "${option}" ${what}`);
  if (typeof value !== 'string' || value.length === 0) throw bad('is required (a URL string)');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw bad(`is not a valid URL: "${value}"`);
  }
  if (!/^https?:$/.test(url.protocol)) throw bad(`must be http(s), not "${url.protocol}"`);
  return url;
}

/** A required non-blank string option (API key, routing key), with what it is in the error. */
export function requireText(value: unknown, option: string, transport: string, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TypeError(`[bugmastery] ${transport}: option "${option}" is required (${what})`);
  }
  return value;
}
