import type { Client } from '@bugmastery/core';
import { patch } from '../patch';
import { undoAll } from '../undo';
import { httpBreadcrumb } from './http';

/** XMLHttpRequest → an `http` breadcrumb when the request ends (loadend: success, error, abort or timeout). */
export function xhrBreadcrumbs(client: Client): () => void {
  if (typeof XMLHttpRequest === 'undefined') return () => undefined;
  const proto = XMLHttpRequest.prototype;
  const requests = new WeakMap<XMLHttpRequest, [string, string]>();
  return undoAll([
    patch(proto, 'open', (original) =>
      function (this: XMLHttpRequest, ...args: unknown[]) {
        requests.set(this, [String(args[0]).toUpperCase(), String(args[1])]);
        return (original as (...a: unknown[]) => void).apply(this, args);
      } as XMLHttpRequest['open'],
    ),
    patch(proto, 'send', (original) =>
      function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
        const request = requests.get(this);
        if (request) {
          const start = Date.now();
          this.addEventListener('loadend', () => httpBreadcrumb(client, 'xhr', request[0], request[1], start, this.status));
        }
        return original.call(this, body);
      },
    ),
  ]);
}
