import type { Client } from '@bugmastery/core';
import { patch, quietly } from '../patch';
import { httpBreadcrumb, type MethodAndUrl } from './http';

/** Method and URL as fetch will use them: only a Request carries its own (a plain object is stringified into the URL). */
function describeRequest(input: RequestInfo | URL, init?: RequestInit): MethodAndUrl {
  const request = typeof Request === 'function' && input instanceof Request ? input : undefined;
  return [String(init?.method ?? request?.method ?? 'GET').toUpperCase(), request ? request.url : String(input)];
}

/** window.fetch → an `http` breadcrumb with method, URL, status (0 = network error) and duration. */
export function fetchBreadcrumbs(client: Client): () => void {
  return patch(window, 'fetch', (original) =>
    function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
      const start = Date.now();
      // Read before the call: a Request's body may be consumed by it. Unreadable input: no breadcrumb, fetch decides.
      const request = quietly(() => describeRequest(input, init));
      const record = (status: unknown): void => void (request && quietly(() => httpBreadcrumb(client, 'fetch', request, start, Number(status) || 0)));
      const result = original.call(this, input, init);
      // Another wrapper below us may hand back something that is not a promise: pass it on untouched.
      if (!result || typeof (result as Promise<Response>).then !== 'function') return result;
      return result.then(
        (response) => {
          record(quietly(() => response.status));
          return response;
        },
        (error: unknown) => {
          record(0);
          throw error;
        },
      );
    },
  );
}
