import type { Options } from '../types';
import { createScrubber, type Scrubber } from './scrub';

/**
 * The scrubber a client's options ask for. One derivation, so what a runtime scrubs on its own
 * (Node's source context lines) follows exactly the rules the client applies to messages.
 */
export function scrubberFor(options: Pick<Options, 'scrub' | 'sendDefaultPii'>): Scrubber {
  return createScrubber(options.scrub?.keys, !options.sendDefaultPii);
}
