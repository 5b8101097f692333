/** Keeps an event with probability `rate` (0..1); anything unusable keeps everything. */
export function sampledOut(rate: number | undefined, random: () => number = Math.random): boolean {
  if (rate === undefined || !(rate >= 0 && rate < 1)) return false;
  return random() >= rate;
}
