import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCardNumberValue, maskCardNumbers } from '../src/event/card-number';

/** The textbook definition: 13 to 19 digits, 2–6 first, Luhn sum a multiple of 10. */
function isCardReference(n: number): boolean {
  if (!(n >= 1e12) || !Number.isInteger(n)) return false;
  const digits = String(n);
  if (!/^\d{13,19}$/.test(digits) || digits[0] < '2' || digits[0] > '6') return false;
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double && (d *= 2) > 9) d -= 9;
    sum += d;
  }
  return sum % 10 === 0;
}

/** Completes `body` with its Luhn check digit. */
function withCheckDigit(body: string): number {
  for (let d = 0; d <= 9; d++) if (isCardReference(Number(body + d))) return Number(body + d);
  return Number(body + '0');
}

describe('card numbers held as numbers (isCardNumberValue: the text scan on the digits)', () => {
  it('agrees with the textbook definition on any number', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.integer(), fc.maxSafeInteger(), fc.integer({ min: 1e12, max: Number.MAX_SAFE_INTEGER })), (n) => {
        expect(isCardNumberValue(n)).toBe(isCardReference(n));
      }),
      { numRuns: 5000 },
    );
  });

  it('agrees on numbers that are card-shaped (13 to 16 digits, 2–6 first, Luhn-complete)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 12, max: 15 }), fc.integer({ min: 0, max: 2 ** 30 }), (first, length, seed) => {
        const body = (String(first) + String(seed).padStart(length, '7')).slice(0, length);
        const n = withCheckDigit(body);
        expect(isCardNumberValue(n)).toBe(isCardReference(n));
        expect(isCardNumberValue(n)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves timestamps, 1-first numbers, 20-digit numbers and fractions alone', () => {
    for (const n of [Date.now(), 1_700_000_000_000, 4111111111111111.5, 1e20, 41111111111111110000, -4111111111111111]) expect(isCardNumberValue(n)).toBe(false);
    expect(isCardNumberValue(4111111111111111)).toBe(true);
  });
});

describe('card numbers in text (maskCardNumbers)', () => {
  it('masks whole digit groups joined by single separators, each number once, the shortest Luhn-complete first', () => {
    const cases: [string, string][] = [
      ['4111 1111 1111 1111 4111-1111-1111-1111', '[card] [card]'],
      ['4111 1111 1111 1111 1', '[card] 1'],
      ['5555 5555 5555 4444 and 1234 5678', '[card] and 1234 5678'],
      ['cards 4111+1111+1111+1111&exp=12', 'cards [card]&exp=12'],
      ['4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1', '[card]'],
      ['378282246310005', '[card]'],
      // Two separators split a number; a group is never split; more than 19 digits is no card.
      ['4111 1111  1111 1111', '4111 1111  1111 1111'],
      ['41111111111111112', '41111111111111112'],
      ['34111111111111111111111', '34111111111111111111111'],
      ['order 4111111111111111111 shipped', 'order 4111111111111111111 shipped'],
    ];
    for (const [text, masked] of cases) expect(maskCardNumbers(text), text).toBe(masked);
  });
});
