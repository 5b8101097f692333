import type { Client } from '@bugmastery/core';
import { patch } from '../patch';
import { httpBreadcrumb } from './http';

/** window.fetch → an `http` breadcrumb with method, URL, status (0 = network error) and duration. */
export function fetchBreadcrumbs(client: Client): () => void {
  return patch(window, 'fetch', (original) =>
    function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
      const start = Date.now();
      const request = typeof input === 'object' && 'method' in input ? input : undefined;
      const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
      const url = request ? request.url : String(input);
      return original.call(this, input, init).then(
        (response) => {
          httpBreadcrumb(client, 'fetch', method, url, start, response.status);
          return response;
        },
        (error: unknown) => {
          httpBreadcrumb(client, 'fetch', method, url, start, 0);
          throw error;
        },
      );
    },
  );
}
