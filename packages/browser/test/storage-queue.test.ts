import { beforeEach, describe, expect, it } from 'vitest';
import type { Event } from '@bugmastery/core';
import { localStorageQueue as offlineQueue } from '../src/storage-queue';

const event = (id: string, pad = 0) => ({ id, message: 'x'.repeat(pad) }) as unknown as Event;
/** The queue keys in storage: one per page (tab or load). */
const queueKeys = () => Object.keys(localStorage).filter((k) => k.startsWith('bugmastery:queue'));

describe('offlineQueue (localStorage)', () => {
  beforeEach(() => localStorage.clear());

  it('keeps events per transport and hands them back once, emptied', () => {
    const q = offlineQueue(localStorage);
    expect(q.add('http', [event('a'), event('b')])).toBe(true);
    expect(q.add('sentry', [event('c')])).toBe(true);
    expect(q.stats()).toEqual({ queued: 3, dropped: 0 });
    const groups = q.take();
    expect([...groups.keys()]).toEqual(['http', 'sentry']);
    expect(groups.get('http')!.map((e) => e.id)).toEqual(['a', 'b']);
    expect(q.take().size).toBe(0);
    expect(q.stats().queued).toBe(0);
  });

  it('is bounded in count: the oldest go first and are counted; the next page load takes them with their drop count', () => {
    const earlier = offlineQueue(localStorage, { maxEvents: 3 });
    earlier.add('http', [event('1'), event('2')]);
    expect(earlier.add('http', [event('3'), event('4')])).toBe(true);
    expect(earlier.stats()).toEqual({ queued: 3, dropped: 1 });
    const next = offlineQueue(localStorage, { maxEvents: 3 });
    expect(next.take().size).toBe(0); // its own queue only: empty
    expect(next.take(true).get('http')!.map((e) => e.id)).toEqual(['2', '3', '4']);
    expect(next.stats()).toEqual({ queued: 0, dropped: 1 });
    expect(queueKeys()).toHaveLength(1); // the earlier page's key is gone
  });

  it('tabs persisting at the same moment never overwrite each other; on online each sends only its own', () => {
    const tabA = offlineQueue(localStorage);
    const tabB = offlineQueue(localStorage);
    for (let i = 0; i < 10; i++) {
      tabA.add('http', [event(`a${i}`)]);
      tabB.add('http', [event(`b${i}`)]);
    }
    expect(tabA.take().get('http')!.map((e) => e.id)).toEqual(Array.from({ length: 10 }, (_, i) => `a${i}`));
    expect(tabB.stats().queued).toBe(10);
    expect(tabB.take().get('http')).toHaveLength(10);
  });

  it('is bounded in bytes, and refuses a batch bigger than the bound without evicting anything', () => {
    const q = offlineQueue(localStorage, { maxBytes: 3000 });
    q.add('http', [event('a', 1000)]);
    q.add('http', [event('b', 1000)]);
    expect(q.add('http', [event('c', 1000)])).toBe(true);
    expect(q.stats()).toEqual({ queued: 2, dropped: 1 });
    expect(localStorage.getItem(queueKeys()[0])!.length).toBeLessThanOrEqual(3000);
    expect(q.add('http', [event('huge', 5000)])).toBe(false);
    expect(q.stats()).toEqual({ queued: 2, dropped: 1 });
  });

  it('refuses a batch of more events than the bound without evicting anything', () => {
    const q = offlineQueue(localStorage, { maxEvents: 3 });
    q.add('http', [event('a'), event('b')]);
    expect(q.add('http', [event('1'), event('2'), event('3'), event('4')])).toBe(false);
    expect(q.stats()).toEqual({ queued: 2, dropped: 0 });
    expect(q.add('http', [event('c'), event('d'), event('e')])).toBe(true);
    expect(q.stats()).toEqual({ queued: 3, dropped: 2 });
    expect(q.take().get('http')!.map((e) => e.id)).toEqual(['c', 'd', 'e']);
  });

  it('survives a corrupt value and a full storage, and works without storage', () => {
    localStorage.setItem('bugmastery:queue', '{not json');
    expect(offlineQueue(localStorage).stats()).toEqual({ queued: 0, dropped: 0 });
    const full = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('quota', 'QuotaExceededError');
      },
    } as unknown as Storage;
    expect(offlineQueue(full).add('http', [event('a')])).toBe(false);
    expect(offlineQueue(undefined).add('http', [event('a')])).toBe(false);
  });
});
