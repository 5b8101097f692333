import type { FetchLike, TransportResponse } from '@bugmastery/core';
import { utf8Length } from '@bugmastery/core/internal';
import { listen, undoAll } from './undo';

/** Browsers refuse keepalive requests (and beacons) once the bodies in flight add up to more than 64 KB. */
export const KEEPALIVE_MAX_BYTES = 65_536;

/** Content types a cross-origin beacon may carry without a CORS preflight (which beacons cannot make). */
const SAFELISTED = /^(?:text\/plain|application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

/** An answer the page makes up itself; core reads only the status and Retry-After. */
const answer = (status: number, retryAfter: string | null = null): TransportResponse => ({
  status,
  headers: { get: (name) => (name.toLowerCase() === 'retry-after' ? retryAfter : null) },
});
/** A beacon has no response: "queued by the browser" is all we learn, and it is final. */
const BEACONED = answer(202);
/**
 * A closing page cannot finish a request that is neither a beacon nor keepalive. Answering "429,
 * retry in 1 s" makes the delivery layer keep the events (platform.persist → localStorage) instead.
 */
const KEEP_FOR_NEXT_LOAD = answer(429, '1');

export interface PageState {
  /** True from `visibilitychange` hidden or `pagehide` until the page is shown again. */
  hidden: boolean;
}

/**
 * A request can go as a beacon when it needs no header but its content type: beacons cannot set headers.
 * Cross-origin, a non-safelisted type would need a preflight, so the body then goes as text/plain.
 */
function sendBeacon(url: string, headers: Record<string, string>, body: string | Uint8Array): boolean {
  let type = '';
  for (const name in headers) {
    if (name.toLowerCase() !== 'content-type') return false;
    type = headers[name];
  }
  // Outside a page, or a browser without beacons: the call throws, and the request goes as a fetch.
  try {
    const sameOrigin = new URL(url, location.href).origin === location.origin;
    const part = [body as BlobPart];
    return navigator.sendBeacon(url, sameOrigin || SAFELISTED.test(type) ? new Blob(part, { type }) : typeof body === 'string' ? body : new Blob(part));
  } catch {
    return false;
  }
}

/** The page's fetch for the delivery layer, and what to do when the page hides. */
export interface PageFetch extends FetchLike {
  /**
   * Gives up the plain (not keepalive) requests in flight: a leaving page cuts them off, answer or
   * not. Each is aborted and answered "keep it", so its events go to the offline queue instead.
   */
  abandonPlain(): void;
}

/**
 * The fetch the delivery layer uses in a page: keepalive while the 64 KB budget allows (so a request
 * outlives a navigation), a beacon while the page is hidden or closing, plain fetch otherwise, and
 * while hidden, "keep it" for what could only go as a plain fetch.
 */
export function browserFetch(nativeFetch: typeof fetch, page: PageState): PageFetch {
  let inflight = 0;
  const plain = new Set<() => void>();
  const send: FetchLike = async (url, init) => {
    const { body, headers } = init;
    if (page.hidden && sendBeacon(url, headers, body)) return BEACONED;
    const size = typeof body === 'string' ? utf8Length(body) : body.length;
    if (inflight + size <= KEEPALIVE_MAX_BYTES) {
      inflight += size;
      try {
        return await nativeFetch(url, { ...init, keepalive: true } as RequestInit);
      } finally {
        inflight -= size;
      }
    }
    if (page.hidden) return KEEP_FOR_NEXT_LOAD;
    const controller = new AbortController();
    init.signal?.addEventListener('abort', () => controller.abort());
    return new Promise((resolve, reject) => {
      const abandon = (): void => {
        controller.abort();
        resolve(KEEP_FOR_NEXT_LOAD);
      };
      plain.add(abandon);
      nativeFetch(url, { ...init, keepalive: false, signal: controller.signal } as RequestInit)
        .then(resolve, reject)
        .finally(() => plain.delete(abandon));
    });
  };
  return Object.assign(send, {
    abandonPlain() {
      for (const abandon of [...plain]) abandon();
    },
  });
}

/** Calls `onChange(true)` when the page is hidden or being left, `onChange(false)` when it is shown again, and keeps `page.hidden` current. */
export function watchPageHide(page: PageState, onChange: (hidden: boolean) => void): () => void {
  const hidden = (now: boolean): void => {
    if (now === page.hidden) return;
    page.hidden = now;
    onChange(now);
  };
  return undoAll([
    listen(window, 'pagehide', () => hidden(true)),
    listen(window, 'pageshow', () => hidden(false)),
    listen(document, 'visibilitychange', () => hidden(document.visibilityState === 'hidden')),
  ]);
}
