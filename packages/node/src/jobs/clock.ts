/** Monotonic milliseconds: wall-clock jumps (NTP, DST) must not turn into slow or negative runs. */
export function monotonicNow(): number {
  return performance.now();
}
