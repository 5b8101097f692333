/**
 * Primary account numbers (card numbers) found by value: 13 to 19 digits, alone or in groups
 * split by single separators (below), starting with 2–6 (every card network's range: Mastercard,
 * Amex/Diners/JCB, Visa, Mastercard/Maestro, Discover/UnionPay) and passing the Luhn check — so
 * timestamps (1…), most order ids and other long numbers survive.
 */

export const CARD = '[card]';

/**
 * A run of digits and the separators people (and forms, PDFs, copied web pages) put between
 * groups: space, tab, no-break, figure and narrow no-break spaces, dash, en dash, and `+` (a space
 * in a form-encoded query or body; `%20` is decoded by the URL and text scrubbers). A
 * character-class loop only: no per-character backtracking state, any length.
 */
const RUN = /\d[\d \t\u00a0\u2007\u202f\u2013+-]*/g;
/** At least 13 digits with single separators somewhere: only then are runs looked into. */
export const CARD_CANDIDATE = /\d(?:[ \t\u00a0\u2007\u202f\u2013+-]?\d){12}/;

export function maskCardNumbers(text: string): string {
  if (!CARD_CANDIDATE.test(text)) return text;
  return text.replace(RUN, (run) => (run.length < 13 ? run : maskRun(run)));
}

/**
 * A number value (a PAN held as a JS number up to 2^53): its digits read as one group by the same
 * scan as text (13 to 19 digits, 2–6 first, Luhn), so the number is a card exactly when all of it is masked.
 */
export function isCardNumberValue(n: number): boolean {
  return n >= 1e12 && Number.isInteger(n) && maskRun(String(n)) === CARD;
}

/** A digit's Luhn contribution when doubled. */
const DOUBLED = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9];

/**
 * Masks each card number in a run: a number is whole digit groups joined by single separators
 * (a group is never split), found left to right, the shortest first.
 */
function maskRun(run: string): string {
  // Digit group k spans run[bounds[2k], bounds[2k + 1]); the separator after it runs to the next group.
  const bounds: number[] = [];
  for (const m of run.matchAll(/\d+/g)) bounds.push(m.index!, m.index! + m[0].length);
  let out = '';
  let copied = 0; // run[0, copied) is in `out`
  for (let g = 0; g < bounds.length; g += 2) {
    const last = cardEnd(run, bounds, g);
    if (last < 0) continue;
    out += run.slice(copied, bounds[g]) + CARD;
    copied = bounds[last + 1];
    g = last;
  }
  return out + run.slice(copied);
}

/**
 * The last group of a card number starting at group `g`, or -1 (groups as `bounds` indexes: 2k for
 * group k). Reads at most 19 digits ahead with a running Luhn sum: a run is read a bounded number of times.
 */
function cardEnd(run: string, bounds: number[], g: number): number {
  const first = run[bounds[g]];
  if (first < '2' || first > '6') return -1;
  // Luhn doubles every second digit from the right. Both sums are kept as digits come: `sum` with
  // the latest digit as the last (not doubled), `shifted` with it doubled (the sum if one more came).
  let sum = 0;
  let shifted = 0;
  let length = 0;
  for (let h = g; h < bounds.length; h += 2) {
    for (let i = bounds[h]; i < bounds[h + 1]; i++) {
      const d = run.charCodeAt(i) - 48;
      const before = sum;
      sum = shifted + d;
      shifted = before + DOUBLED[d];
      if (++length > 19) return -1;
    }
    if (length >= 13 && sum % 10 === 0) return h;
    if (bounds[h + 2] - bounds[h + 1] !== 1) return -1; // two separators, or the run's end
  }
  return -1;
}
