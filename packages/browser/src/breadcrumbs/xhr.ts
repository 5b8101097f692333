import type { Client } from '@bugmastery/core';
import { patch, quietly } from '../patch';
import { undoAll } from '../undo';
import { httpBreadcrumb, type MethodAndUrl } from './http';

/** A request send() started; its own one-time loadend listener writes its breadcrumb. */
interface Sent {
  /** Kept when the page re-opens the object before our listener ran (open() resets `status`). */
  status?: number;
  listener: () => void;
}

/**
 * XMLHttpRequest → an `http` breadcrumb when the request ends (loadend: success, error, abort or
 * timeout). An object may be reused: the next open() can come from the page's own loadend handler,
 * before ours runs, so each request keeps what it was sent with.
 */
export function xhrBreadcrumbs(client: Client): () => void {
  if (typeof XMLHttpRequest === 'undefined') return () => undefined;
  const proto = XMLHttpRequest.prototype;
  const opened = new WeakMap<XMLHttpRequest, MethodAndUrl>();
  const pending = new WeakMap<XMLHttpRequest, Sent>();
  return undoAll([
    patch(proto, 'open', (original) =>
      function (this: XMLHttpRequest, ...args: unknown[]) {
        quietly(() => {
          const sent = pending.get(this);
          if (sent && this.readyState === 4) sent.status = this.status;
          else if (sent) {
            // Re-opened mid-flight: that request is cancelled and sends no loadend of its own.
            this.removeEventListener('loadend', sent.listener);
            pending.delete(this);
          }
          opened.set(this, [String(args[0]).toUpperCase(), String(args[1])]);
        });
        return (original as (...a: unknown[]) => void).apply(this, args);
      } as XMLHttpRequest['open'],
    ),
    patch(proto, 'send', (original) =>
      function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
        quietly(() => {
          const request = opened.get(this);
          if (!request) return;
          const xhr = this;
          const start = Date.now();
          const sent: Sent = {
            listener: () =>
              quietly(() => {
                if (pending.get(xhr) === sent) pending.delete(xhr);
                httpBreadcrumb(client, 'xhr', request, start, sent.status ?? xhr.status);
              }),
          };
          pending.set(this, sent);
          this.addEventListener('loadend', sent.listener, { once: true });
        });
        return original.call(this, body);
      },
    ),
  ]);
}
