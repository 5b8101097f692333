import { DEV } from '../dev';

/**
 * What a relative URL option is resolved against: the page's base URL (`document.baseURI`, or a
 * worker's `location`), as `fetch` would; nothing outside a browser. Read through `globalThis`, so
 * core needs no DOM types and stays safe in Node.
 */
function pageBase(): string | undefined {
  try {
    const g = globalThis as { document?: { baseURI?: unknown }; location?: { href?: unknown } };
    const base = g.document?.baseURI ?? g.location?.href;
    return typeof base === 'string' ? base : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Validates a transport's endpoint at init, naming the option, so a typo fails loudly once instead
 * of silently forever. In a browser a relative URL (`/events`) is resolved against the page.
 */
export function requireUrl(value: unknown, option: string, transport: string): URL {
  const bad = (what: string): TypeError => new TypeError(`[bugmastery] ${transport}: option "${option}" ${what}`);
  if (typeof value !== 'string' || value.length === 0) throw bad('is required (a URL string)');
  const base = pageBase();
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    throw bad(
      DEV && base === undefined
        ? `is not a valid URL: "${value}" (outside a browser page it must be absolute, e.g. "https://collector.example${value.startsWith('/') ? value : '/events'}")`
        : `is not a valid URL: "${value}"`,
    );
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
