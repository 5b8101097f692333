/** Where the store keeps things, under its prefix: one hash per bug and one index of bugs by last seen. */
export interface Keys {
  bug(fingerprint: string): string;
  /** Sorted set: fingerprint → last seen (ms). */
  readonly index: string;
  /** The rotation the Slack transport was configured with (JSON), for the CLI. */
  readonly rotation: string;
  /** The bugmaster set by hand for one rotation period (holidays happen). */
  override(periodStart: string): string;
}

export function keysFor(prefix: string): Keys {
  return {
    bug: (fingerprint) => `${prefix}bug:${fingerprint}`,
    index: `${prefix}bugs`,
    rotation: `${prefix}rotation`,
    override: (periodStart) => `${prefix}bugmaster:${periodStart}`,
  };
}
