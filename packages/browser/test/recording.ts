import type { Event, Transport } from '@bugmastery/core';

/** A local transport that keeps what it is given (the delivery layer's no-network path). */
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
