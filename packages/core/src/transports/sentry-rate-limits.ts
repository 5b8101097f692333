/** Sentry's default pause when a limit names no usable duration. */
const DEFAULT_PAUSE_MS = 60_000;

/** Data categories an error event counts against. `default` is what Sentry calls events without an exception. */
const EVENT_CATEGORIES = new Set(['error', 'default']);

/**
 * Reads `X-Sentry-Rate-Limits`: comma-separated `retry_after:categories:scope:reason_code[:namespaces]`,
 * categories separated by `;`, none meaning all. Returns the pause that applies to error events in
 * milliseconds, 0 when the header limits only other categories (transactions, replays…), and
 * undefined when there is no header, so the generic 429 + Retry-After rule applies.
 */
export function sentryRateLimitMs(header: string | null | undefined): number | undefined {
  if (!header || !header.trim()) return undefined;
  let pause = 0;
  for (const group of header.split(',')) {
    const [retryAfter, categories = ''] = group.trim().split(':');
    if (retryAfter === undefined || retryAfter === '') continue;
    const names = categories.split(';').map((c) => c.trim()).filter(Boolean);
    if (names.length > 0 && !names.some((c) => EVENT_CATEGORIES.has(c))) continue;
    const seconds = Number.parseFloat(retryAfter);
    const ms = Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds * 1000) : DEFAULT_PAUSE_MS;
    pause = Math.max(pause, ms);
  }
  return pause;
}
