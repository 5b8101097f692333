import type { Event } from '@bugmastery/core';
import { toJson } from '@bugmastery/core/internal';

export interface OfflineQueueOptions {
  /** localStorage key prefix: each page writes `<key>:<page id>`. Default `bugmastery:queue`. */
  key?: string;
  /** Most events kept; the oldest go first. Default 30. */
  maxEvents?: number;
  /** Most bytes (JSON, UTF-16 units) kept. Default 256,000: localStorage is ~5 MB per origin, shared with the app. */
  maxBytes?: number;
}

interface Stored {
  /** Each event, and the name of the transport it is kept for. */
  items: { t: string; e: Event }[];
  /** Events pushed out by newer ones (this page's, plus those of the pages whose queues it took). */
  dropped: number;
}

export interface OfflineQueue {
  /** Keeps the events for `transport`; false when they cannot be kept (no storage, quota, bigger than the bounds). */
  add(transport: string, events: Event[]): boolean;
  /** Everything kept, emptied from storage, grouped by transport: this page's queue, or with `allPages` every page's (at load). */
  take(allPages?: boolean): Map<string, Event[]>;
  stats(): { queued: number; dropped: number };
}

/**
 * Undelivered events in localStorage, bounded in count and bytes, for the next load or the `online`
 * event. Each page writes its own key (`<key>:<page id>`), so tabs persisting at the same moment never
 * overwrite each other's events (localStorage has no transactions across tabs), and on `online` each
 * tab sends only its own. A page load takes every page's queue: those of closed tabs and earlier loads.
 */
export function localStorageQueue(storage: Storage | undefined, options: OfflineQueueOptions = {}): OfflineQueue {
  const base = options.key ?? 'bugmastery:queue';
  const key = `${base}:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const maxEvents = options.maxEvents ?? 30;
  const maxBytes = options.maxBytes ?? 256_000;

  const read = (from = key): Stored => {
    try {
      const stored = JSON.parse(storage?.getItem(from) || 'null') as Stored | null;
      // Another version, another library or a user may have written here: keep only well-formed items.
      if (stored && Array.isArray(stored.items)) {
        const items = stored.items.filter((item) => typeof item?.t === 'string' && !!item.e && typeof item.e === 'object');
        return { items, dropped: (stored.dropped | 0) + stored.items.length - items.length };
      }
    } catch {
      /* corrupt or foreign value: start over */
    }
    return { items: [], dropped: 0 };
  };

  const write = (stored: Stored): boolean => {
    try {
      storage!.setItem(key, toJson(stored));
      return true;
    } catch {
      return false; // quota exceeded or storage disabled
    }
  };

  const add = (transport: string, events: Event[]): boolean => {
    if (!storage || events.length === 0) return false;
    const stored = read();
    const items = stored.items.concat(events.map((e) => ({ t: transport, e })));
    // Each item's bytes in the stored JSON, with its comma; 20 for the rest ({"items":[],"dropped":…}).
    const sizes = items.map((item) => toJson(item).length + 1);
    let bytes = sizes.reduce((sum, size) => sum + size, 20);
    let cut = 0;
    while (items.length - cut > maxEvents || bytes > maxBytes) bytes -= sizes[cut++];
    // Events that cannot fit on their own never push everything else out.
    if (cut > stored.items.length) return false;
    stored.items = items.slice(cut);
    stored.dropped += cut;
    return write(stored);
  };

  /** Every other page's key, and the one key of earlier versions. */
  const otherKeys = (): string[] => {
    const out: string[] = [];
    try {
      for (let i = 0; i < storage!.length; i++) {
        const k = storage!.key(i);
        if (k !== null && k !== key && (k === base || k.startsWith(base + ':'))) out.push(k);
      }
    } catch {
      /* storage gone meanwhile */
    }
    return out;
  };

  const take = (allPages = false): Map<string, Event[]> => {
    const groups = new Map<string, Event[]>();
    if (!storage) return groups;
    const collect = (stored: Stored): void => {
      for (const { t, e } of stored.items) {
        if (groups.has(t)) groups.get(t)!.push(e);
        else groups.set(t, [e]);
      }
    };
    // Each queue is emptied before its events are handed out: one that cannot be emptied is not
    // replayed (it would go again on every load). Ours keeps its drop count: history, not content.
    const mine = read();
    if (mine.items.length > 0 && write({ items: [], dropped: mine.dropped })) collect(mine);
    let dropped = 0;
    for (const k of allPages ? otherKeys() : []) {
      const stored = read(k);
      try {
        storage.removeItem(k);
      } catch {
        continue;
      }
      collect(stored);
      dropped += stored.dropped;
    }
    if (dropped > 0) {
      const now = read();
      now.dropped += dropped;
      write(now);
    }
    return groups;
  };

  return {
    add,
    take,
    stats() {
      const { items, dropped } = read();
      return { queued: items.length, dropped };
    },
  };
}
