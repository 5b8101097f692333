import { expect } from 'vitest';
import type { Client, Stats } from '../../src';

export const quiet = { warn: () => undefined, error: () => undefined };

/** Small delivery knobs so failure paths finish fast. */
export const fastDelivery = { baseDelayMs: 10, maxDelayMs: 50, maxRetries: 1, timeoutMs: 2000 };

export function totalDropped(stats: Stats): number {
  return Object.values(stats.dropped).reduce((a, b) => a + b, 0);
}

/** Every captured event ends in exactly one counter. */
export function expectAccounted(client: Client): void {
  const s = client.stats();
  expect(s.pending).toBe(0);
  expect(s.captured).toBe(s.delivered + s.persisted + totalDropped(s));
}

/** One throw site, so every call has the same fingerprint. */
export function throwFromCheckout(message = 'card declined'): Error {
  try {
    chargeCard(message);
  } catch (err) {
    return err as Error;
  }
  throw new Error('unreachable');
}

function chargeCard(message: string): never {
  throw new TypeError(message);
}

export function throwFromInventory(): Error {
  try {
    reserveStock();
  } catch (err) {
    return err as Error;
  }
  throw new Error('unreachable');
}

function reserveStock(): never {
  throw new RangeError('out of stock');
}
