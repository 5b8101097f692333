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

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
/** A digit's Luhn contribution when doubled. */
const DOUBLED = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9];

/**
 * Masks each card number in a run: a number is whole digit groups joined by single separators
 * (a group is never split), found left to right. Each start reads at most 19 digits ahead with a
 * running Luhn sum, so the run is read a bounded number of times.
 */
function maskRun(run: string): string {
  // Group g spans run[starts[g], ends[g]); the separator after it runs to starts[g + 1].
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < run.length; ) {
    let j = i;
    while (j < run.length && isDigit(run.charCodeAt(j))) j++;
    starts.push(i);
    ends.push(j);
    while (j < run.length && !isDigit(run.charCodeAt(j))) j++;
    i = j;
  }
  const n = starts.length;
  let out = '';
  let copied = 0; // run[0, copied) is in `out`
  for (let g = 0; g < n; ) {
    let end = -1;
    const first = run.charCodeAt(starts[g]) - 48;
    if (first >= 2 && first <= 6) {
      // Luhn doubles every second digit from the right: keep both parities' sums from the left.
      let length = 0;
      let doubledOdd = 0; // doubling digits at odd positions from the left
      let doubledEven = 0;
      scan: for (let h = g; h < n; h++) {
        for (let i = starts[h]; i < ends[h]; i++) {
          const d = run.charCodeAt(i) - 48;
          if (length % 2 === 0) {
            doubledEven += DOUBLED[d];
            doubledOdd += d;
          } else {
            doubledOdd += DOUBLED[d];
            doubledEven += d;
          }
          if (++length > 19) break scan;
        }
        // The last digit is never doubled: for an even length the even positions are.
        if (length >= 13 && (length % 2 === 0 ? doubledEven : doubledOdd) % 10 === 0) {
          end = h;
          break;
        }
        if (h + 1 >= n || starts[h + 1] - ends[h] !== 1) break; // two separators, or the run's end
      }
    }
    if (end < 0) {
      g++;
    } else {
      out += run.slice(copied, starts[g]) + CARD;
      copied = ends[end];
      g = end + 1;
    }
  }
  return copied === 0 ? run : out + run.slice(copied);
}
