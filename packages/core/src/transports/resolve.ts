import type { Logger, Options, Transport } from '../types';

/** The per-environment lookup, done once at init. Names are made unique so stats never merge two transports. */
export function resolveTransports(config: Options['transports'], environment: string, logger: Logger): Transport[] {
  let list: unknown = config ?? [];
  if (typeof list === 'object' && list !== null && !Array.isArray(list)) {
    const record = list as Record<string, unknown>;
    const entry = Object.prototype.hasOwnProperty.call(record, environment) ? record[environment] : undefined;
    // A function is called for the active environment only: production's factories (and the DSNs
    // and keys they require) are not even built in development.
    list = typeof entry === 'function' ? (entry as () => unknown)() : entry;
    if (!list) {
      const known = Object.keys(record).join(', ') || 'none';
      logger.warn(`[bugmastery] no transports configured for environment "${environment}" (configured: ${known}); events are dropped as noTransport`);
      list = [];
    }
  }
  if (!Array.isArray(list)) throw new TypeError('[bugmastery] option "transports" must be an array, or a record of environment → array (or → function returning one)');
  const seen = new Map<string, number>();
  return list.map((t: Transport, i) => {
    if (!t || typeof t !== 'object' || typeof t.name !== 'string' || (!t.encode && !t.write)) {
      throw new TypeError(`[bugmastery] option "transports": entry ${i} is not a transport (use httpTransport() or another factory)`);
    }
    const n = (seen.get(t.name) ?? 0) + 1;
    seen.set(t.name, n);
    return n === 1 ? t : Object.assign(Object.create(t) as Transport, { name: `${t.name}#${n}` });
  });
}
