import { initLean, type BrowserClient, type LeanOptions } from './lean';
import { offlineQueue } from './offline';
import type { OfflineQueueOptions } from './storage-queue';

export interface BrowserOptions extends LeanOptions {
  /** The offline queue `init` adds (localStorage): its bounds, or `false` for none. Default true. */
  persist?: boolean | OfflineQueueOptions;
}

/**
 * The browser SDK as most pages want it: global handlers, keepalive/beacon delivery and the offline
 * queue. Extras (breadcrumbs) go in `integrations`; `initLean` leaves the offline queue out too.
 */
export function init(options: BrowserOptions): BrowserClient {
  const extras = options.integrations ?? [];
  const queue = options.persist === false || extras.some((i) => i.persist) ? [] : [offlineQueue(typeof options.persist === 'object' ? options.persist : undefined)];
  return initLean({ ...options, integrations: [...queue, ...extras] });
}
