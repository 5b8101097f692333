// A small, buggy shop. Every function here has a bug a customer would hit.

export function cartTotal(cart) {
  // Bug: a cart without `items` (a guest cart) crashes the total.
  return cart.items.reduce((sum, item) => sum + item.price * item.qty, 0);
}

export function parseCoupon(text) {
  // Bug: coupons arrive URL-encoded sometimes, and JSON.parse chokes.
  return JSON.parse(text);
}

export class PaymentError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = 'PaymentError';
  }
}

export async function chargeCard(cardLast4, amount) {
  await Promise.resolve();
  // Bug: the gateway times out for large amounts and we surface it badly.
  throw new PaymentError(`card ending ${cardLast4} declined for ${amount} EUR`, { cause: new Error('gateway timeout after 30000 ms') });
}

export function shippingQuote(country) {
  const zones = { FR: 1, DE: 1, US: 3 };
  if (!(country in zones)) throw new RangeError(`no shipping zone for "${country}"`);
  return zones[country] * 4.9;
}
