import type { Client } from '@bugmastery/core';
import type { Integration } from './integration';
import { localStorageQueue, type OfflineQueueOptions } from './storage-queue';
import { listen } from './undo';

/**
 * Keeps what could not be delivered (offline, collector down, page left while a retry waited) in
 * localStorage and sends it on the next load, on `online`, and when the page is shown again.
 * Part of `init` by default; `initLean` pages add it to `integrations` when they want it.
 */
export function offlineQueue(options?: OfflineQueueOptions): Integration {
  let storage: Storage | undefined;
  try {
    storage = localStorage;
  } catch {
    /* disabled cookies / sandboxed iframe: reading the property throws */
  }
  const queue = localStorageQueue(storage, options);
  let client: Client | undefined;
  /** At load every page's queue (closed tabs, earlier loads); later this page's own: every tab gets `online`. */
  const replay = (allPages: boolean): void => {
    if (!client || (typeof navigator !== 'undefined' && navigator.onLine === false)) return;
    queue.take(allPages).forEach((events, transport) => void client!.replay(events, transport));
  };
  return {
    name: 'offlineQueue',
    persist: queue.add,
    queueStats: queue.stats,
    setup(c) {
      client = c;
      replay(true);
      if (typeof window !== 'undefined') return listen(window, 'online', () => replay(false));
    },
    shown: () => replay(false),
  };
}
