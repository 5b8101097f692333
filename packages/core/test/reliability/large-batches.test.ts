import { describe, expect, it } from 'vitest';
import { createDeliverer, DEFAULT_DELIVERY } from '../../src/internal';
import type { Event } from '../../src';
import { memoryLogger } from './harness';

describe('one chunk of a few hundred thousand events (a replayed disk queue, no maxBatch)', () => {
  it('is accounted event by event, not lost to an argument limit', async () => {
    let written = 0;
    const deliverer = createDeliverer({ name: 'local', write: (events: Event[]) => void (written += events.length) }, DEFAULT_DELIVERY, { logger: memoryLogger() });
    const events = Array.from({ length: 300_000 }, (_, i) => ({ id: String(i) }) as Event);
    const outcomes = await deliverer.deliver(events);
    expect(written).toBe(300_000);
    expect(outcomes.length).toBe(300_000);
    expect(outcomes.every((o) => o === 'sent')).toBe(true);
  });
});
