import { DEV } from '../dev';
import { toJson } from '../event/json';
import type { Event } from '../types';

/**
 * A payload serialised for the wire, checked to carry each of `events` (by id, in order) before
 * it is sent: a body that something in the page or process rewrote on the way (a JSON.stringify
 * replaced before the SDK loaded, a getter that lies) fails the encode — counted `failed` — and is
 * never counted as delivered.
 */
const HEX_ID = /^[0-9a-f]{32}$/;

export function encodePayload(payload: unknown, events: readonly Event[]): string {
  const body = toJson(payload);
  let from = 0;
  for (const event of events) {
    // As JSON writes it: an id that beforeSend set may hold characters JSON escapes.
    const id = HEX_ID.test(event.id) ? event.id : toJson(String(event.id)).slice(1, -1);
    const at = body.indexOf(id, from);
    if (at < 0) {
      throw new Error(
        DEV ? 'the serialised payload does not carry the events it was built from (is JSON.stringify or a toJSON patched?)' : 'the serialised payload does not carry its events',
      );
    }
    from = at + id.length;
  }
  return body;
}
