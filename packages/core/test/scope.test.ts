import { describe, expect, it } from 'vitest';
import type { Breadcrumb } from '../src';
import { Scope } from '../src/internal';

const crumb = (message: string): Breadcrumb => ({ timestamp: new Date(0).toISOString(), type: 'default', message, level: 'info' });
const messages = (scope: Scope) => scope.breadcrumbs().map((b) => b.message);

describe('Scope', () => {
  it('keeps the newest maxBreadcrumbs in a ring, oldest first', () => {
    const scope = new Scope(3);
    for (let i = 0; i < 7; i++) scope.addBreadcrumb(crumb(`b${i}`));
    expect(messages(scope)).toEqual(['b4', 'b5', 'b6']);
  });

  it('keeps nothing with maxBreadcrumbs 0, NaN or negative, and stays bounded after clearBreadcrumbs', () => {
    for (const max of [0, Number.NaN, -1]) {
      const scope = new Scope(max);
      scope.addBreadcrumb(crumb('x'));
      expect(scope.breadcrumbs()).toEqual([]);
    }
    const scope = new Scope(2);
    for (let i = 0; i < 3; i++) scope.addBreadcrumb(crumb(`a${i}`));
    scope.clearBreadcrumbs();
    for (let i = 0; i < 3; i++) scope.addBreadcrumb(crumb(`b${i}`));
    expect(messages(scope)).toEqual(['b1', 'b2']);
    const copy = scope.breadcrumbs();
    copy.pop();
    expect(messages(scope)).toEqual(['b1', 'b2']); // a copy, not the scope's own list
  });

  it('shares breadcrumbs with a clone until either side writes (copy on write)', () => {
    const parent = new Scope(3);
    for (let i = 0; i < 4; i++) parent.addBreadcrumb(crumb(`p${i}`));
    const child = parent.clone();
    expect(messages(child)).toEqual(['p1', 'p2', 'p3']);
    child.addBreadcrumb(crumb('c0'));
    parent.addBreadcrumb(crumb('p4'));
    expect(messages(child)).toEqual(['p2', 'p3', 'c0']);
    expect(messages(parent)).toEqual(['p2', 'p3', 'p4']);
    const grandchild = child.clone();
    child.clearBreadcrumbs();
    expect(messages(grandchild)).toEqual(['p2', 'p3', 'c0']);
  });

  it('reads a lazy request once, when an event needs it', () => {
    const scope = new Scope();
    let reads = 0;
    scope.setRequest(() => {
      reads++;
      return { method: 'GET', url: 'http://x/', headers: {} };
    });
    const child = scope.clone();
    expect(reads).toBe(0);
    expect(child.request?.method).toBe('GET');
    expect(child.request?.url).toBe('http://x/');
    expect(reads).toBe(1);
  });

  it('isolates tags, user and contexts of a clone', () => {
    const parent = new Scope();
    parent.setTag('a', '1');
    const child = parent.clone();
    child.setTag('b', '2');
    child.setUser({ id: 'u' });
    child.setContext('cart', { items: 1 });
    expect(parent.tags).toEqual({ a: '1' });
    expect(parent.user).toBeUndefined();
    expect(parent.contexts).toEqual({});
  });

  it('shares tags and contexts with a clone until either side writes, in both directions', () => {
    const parent = new Scope();
    parent.setTag('a', '1');
    parent.setContext('app', { v: 1 });
    const child = parent.clone();
    expect(child.tags).toBe(parent.tags); // no copy for a request that never writes
    parent.setTag('late', 'x');
    parent.setContext('late', { x: 1 });
    expect(child.tags).toEqual({ a: '1' });
    expect(child.contexts).toEqual({ app: { v: 1 } });
    const sibling = parent.clone();
    sibling.setContext('app', null);
    expect(parent.contexts).toEqual({ app: { v: 1 }, late: { x: 1 } });
    expect(sibling.tags).toEqual({ a: '1', late: 'x' });
  });
});
