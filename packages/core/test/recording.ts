import type { Event, Transport } from '../src';

/** A local transport that keeps what it is given; write() is the no-network path of the delivery layer. */
export function recordingTransport(name = 'rec'): Transport & { events: Event[] } {
  const events: Event[] = [];
  return {
    name,
    events,
    write(batch: Event[]) {
      events.push(...batch);
    },
  };
}

export const quiet = { warn: () => undefined, error: () => undefined };
