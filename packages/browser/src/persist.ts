import type { Event } from '@bugmastery/core';

export interface OfflineQueueOptions {
  /** localStorage key. */
  key?: string;
  /** Most events kept; the oldest go first. Default 30. */
  maxEvents?: number;
  /** Most bytes (JSON, UTF-16 units) kept. Default 256,000: localStorage is ~5 MB per origin, shared with the app. */
  maxBytes?: number;
}

interface Stored {
  items: { t: string; e: Event }[];
  /** Events pushed out by newer ones, across page loads. */
  dropped: number;
}

export interface OfflineQueue {
  /** Keeps the events for `transport`; false when they cannot be kept (no storage, quota, bigger than the bounds). */
  add(transport: string, events: Event[]): boolean;
  /** Everything kept, emptied from storage, grouped by transport. */
  take(): Map<string, Event[]>;
  stats(): { queued: number; dropped: number };
}

/**
 * Undelivered events in localStorage, bounded in count and bytes, for the next load or the `online` event.
 * One key for the origin: tabs that persist at the same moment can overwrite each other's events
 * (localStorage has no transactions across tabs).
 */
export function offlineQueue(storage: Storage | undefined, options: OfflineQueueOptions = {}): OfflineQueue {
  const key = options.key ?? 'bugmastery:queue';
  const maxEvents = options.maxEvents ?? 30;
  const maxBytes = options.maxBytes ?? 256_000;

  const read = (): Stored => {
    try {
      const stored = JSON.parse(storage?.getItem(key) || 'null') as Stored | null;
      // Another version, another library or a user may have written here: keep only well-formed items.
      if (stored && Array.isArray(stored.items)) {
        const items = stored.items.filter((item) => !!item && typeof item === 'object' && typeof item.t === 'string' && !!item.e && typeof item.e === 'object');
        return { items, dropped: (stored.dropped | 0) + stored.items.length - items.length };
      }
    } catch {
      /* corrupt or foreign value: start over */
    }
    return { items: [], dropped: 0 };
  };

  const add = (transport: string, events: Event[]): boolean => {
    if (!storage || events.length === 0) return false;
    const fresh = events.map((e) => ({ t: transport, e }));
    const sizes = fresh.map((item) => JSON.stringify(item).length + 1);
    let bytes = sizes.reduce((a, b) => a + b, 20);
    // Never push everything else out for events that could not fit on their own.
    if (fresh.length > maxEvents || bytes > maxBytes) return false;
    const stored = read();
    const old = stored.items.map((item) => JSON.stringify(item).length + 1);
    bytes += old.reduce((a, b) => a + b, 0);
    let cut = 0;
    while (stored.items.length - cut + fresh.length > maxEvents || bytes > maxBytes) bytes -= old[cut++];
    stored.items = stored.items.slice(cut).concat(fresh);
    stored.dropped += cut;
    try {
      storage.setItem(key, JSON.stringify(stored));
      return true;
    } catch {
      return false; // quota exceeded or storage disabled
    }
  };

  const take = (): Map<string, Event[]> => {
    const groups = new Map<string, Event[]>();
    const stored = read();
    if (stored.items.length === 0) return groups;
    try {
      // Keep the drop count: it is history, not queue content.
      storage?.setItem(key, JSON.stringify({ items: [], dropped: stored.dropped }));
    } catch {
      return groups; // cannot empty it: replaying now would send the same events again on every load
    }
    for (const { t, e } of stored.items) {
      const list = groups.get(t) ?? [];
      list.push(e);
      groups.set(t, list);
    }
    return groups;
  };

  return {
    add,
    take,
    stats() {
      const stored = read();
      return { queued: stored.items.length, dropped: stored.dropped };
    },
  };
}
