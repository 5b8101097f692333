import { describe } from '../delivery/send';
import { DEV } from '../dev';
import type { Logger, Options, Transport } from '../types';

/**
 * The per-environment lookup, done once at init. Names are made unique so stats never merge two
 * transports. A missing configuration (or an empty top-level list) is added to `problems` (the client warns once);
 * an entry function that throws (a factory whose secret is not set on this machine) is logged
 * as an error naming the option, and the app starts without those transports.
 * A value that is not a transport at all is a mistake in the code: a TypeError naming the option.
 */
export function resolveTransports(config: Options['transports'], environment: string, logger: Logger, problems: string[], assumed = ''): Transport[] {
  let list: unknown = config;
  const perEnvironment = typeof list === 'object' && list !== null && !Array.isArray(list);
  if (perEnvironment) {
    const record = list as Record<string, unknown>;
    const entry = Object.prototype.hasOwnProperty.call(record, environment) ? record[environment] : undefined;
    if (typeof entry === 'function') {
      // Called for the active environment only: production's factories (and the DSNs and keys
      // they require) are not even built in development.
      try {
        list = (entry as () => unknown)();
      } catch (err) {
        logger.error(
          `[bugmastery] option "transports.${environment}" could not be built${assumed}: ${describe(err).replace(/^\[bugmastery\] /, '')}` +
            (DEV ? ' — started without these transports; events are dropped as noTransport until this is fixed' : ''),
        );
        return [];
      }
    } else list = entry;
    if (!list) {
      const known = DEV ? ` (configured: ${Object.keys(record).join(', ') || 'none'}); events are dropped as noTransport` : '';
      problems.push(`no transports configured for environment "${environment}"${assumed}${known}`);
      return [];
    }
  }
  if (list === undefined || list === null) {
    problems.push(DEV ? 'no transports: option "transports" is not set, so every event is dropped as noTransport (add httpTransport() or another)' : 'no transports: option "transports" is not set');
    return [];
  }
  if (!Array.isArray(list)) {
    throw new TypeError(`[bugmastery] option "transports" must be an array${DEV ? ', or a record of environment → array (or → function returning one)' : ''}`);
  }
  // An environment's empty entry (`test: []`) is a choice; an empty top-level list is an oversight.
  if (list.length === 0 && !perEnvironment) problems.push(`no transports: option "transports" is empty${DEV ? ', so every event is dropped as noTransport' : ''}`);
  const seen = new Map<string, number>();
  return list.map((t: Transport, i) => {
    if (!t || typeof t !== 'object' || typeof t.name !== 'string' || (!t.encode && !t.write)) {
      throw new TypeError(`[bugmastery] option "transports": entry ${i} is not a transport${DEV ? ' (use httpTransport() or another factory)' : ''}`);
    }
    const n = (seen.get(t.name) ?? 0) + 1;
    seen.set(t.name, n);
    return n === 1 ? t : Object.assign(Object.create(t) as Transport, { name: `${t.name}#${n}` });
  });
}
