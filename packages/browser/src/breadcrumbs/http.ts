import type { Client } from '@bugmastery/core';

/** A request's method (upper case) and URL, as the page made it. */
export type MethodAndUrl = [method: string, url: string];

/**
 * One breadcrumb per finished request. The URL goes whole into `data.url`: core's scrubber
 * replaces secret query values (token, key, password…) when the event is built.
 */
export function httpBreadcrumb(client: Client, category: 'fetch' | 'xhr', [method, url]: MethodAndUrl, start: number, status: number): void {
  client.addBreadcrumb({
    type: 'http',
    category,
    data: { method, url, status_code: status, duration_ms: Date.now() - start },
    level: status === 0 || status >= 500 ? 'error' : status >= 400 ? 'warning' : 'info',
  });
}
