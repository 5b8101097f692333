/** The longest delay setTimeout honours (2^31 − 1 ms): a longer one fires at once, in browsers and Node alike. */
const MAX_DELAY_MS = 2_147_483_647;

/** A delay setTimeout keeps: NaN and negatives are 0, anything past the limit (Infinity too) waits the longest it can. */
export const clampDelay = (ms: number): number => (ms > 0 ? Math.min(ms, MAX_DELAY_MS) : 0);

/** A timeout given at a call or in options: any number, clamped (Infinity is the longest wait); not a number (NaN, '5000', undefined) is the default. */
export const delayOr = (ms: unknown, fallback: number): number => (typeof ms === 'number' && ms === ms ? clampDelay(ms) : fallback);
