import { beforeEach, describe, expect, it } from 'vitest';
import type { Event } from '@bugmastery/core';
import { offlineQueue } from '../src/persist';

const event = (id: string, pad = 0) => ({ id, message: 'x'.repeat(pad) }) as unknown as Event;

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

  it('is bounded in count: the oldest go first and are counted, across instances (page loads)', () => {
    offlineQueue(localStorage, { maxEvents: 3 }).add('http', [event('1'), event('2')]);
    const q = offlineQueue(localStorage, { maxEvents: 3 });
    expect(q.add('http', [event('3'), event('4')])).toBe(true);
    expect(q.stats()).toEqual({ queued: 3, dropped: 1 });
    expect(q.take().get('http')!.map((e) => e.id)).toEqual(['2', '3', '4']);
    expect(q.stats()).toEqual({ queued: 0, dropped: 1 });
  });

  it('is bounded in bytes, and refuses a batch bigger than the bound without evicting anything', () => {
    const q = offlineQueue(localStorage, { maxBytes: 3000 });
    q.add('http', [event('a', 1000)]);
    q.add('http', [event('b', 1000)]);
    expect(q.add('http', [event('c', 1000)])).toBe(true);
    expect(q.stats()).toEqual({ queued: 2, dropped: 1 });
    expect(localStorage.getItem('bugmastery:queue')!.length).toBeLessThanOrEqual(3000);
    expect(q.add('http', [event('huge', 5000)])).toBe(false);
    expect(q.stats()).toEqual({ queued: 2, dropped: 1 });
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
