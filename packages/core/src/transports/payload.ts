import { toJson } from '../event/json';
import type { Event } from '../types';

/**
 * A payload serialised for the wire, checked to carry each of `events` (by id, in order) before
 * it is sent: a body that something in the page or process rewrote on the way (a JSON.stringify
 * replaced before the SDK loaded, a getter that lies) fails the encode — counted `failed` — and is
 * never counted as delivered.
 */
export function encodePayload(payload: unknown, events: readonly Event[]): string {
  const body = toJson(payload);
  let from = 0;
  for (const event of events) {
    const at = body.indexOf(event.id, from);
    if (at < 0) throw new Error('the serialised payload does not carry the events it was built from (is JSON.stringify or a toJSON patched?)');
    from = at + event.id.length;
  }
  return body;
}
