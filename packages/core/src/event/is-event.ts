import type { Event } from '../types';

const isObject = (v: unknown): boolean => !!v && typeof v === 'object';

/**
 * An event every encoder can read. What beforeSend returns, and what a disk or localStorage
 * queue gives back a process or a page load later, must pass it.
 */
export function isEvent(value: unknown): value is Event {
  const e = value as Partial<Event>;
  return isObject(e) && typeof e.id === 'string' && typeof e.fingerprint === 'string' && Array.isArray(e.exceptions) && Array.isArray(e.breadcrumbs) && isObject(e.tags) && isObject(e.contexts);
}
