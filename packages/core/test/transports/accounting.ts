export { expectAccounted, quiet, totalDropped } from '../support';

/** Small delivery knobs so failure paths finish fast. */
export const fastDelivery = { baseDelayMs: 10, maxDelayMs: 50, maxRetries: 1, timeoutMs: 2000 };


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
