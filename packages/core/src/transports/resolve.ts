import type { Logger, Options, Transport } from '../types';

/** The per-environment lookup, done once at init. Names are made unique so stats never merge two transports. */
export function resolveTransports(config: Options['transports'], environment: string, logger: Logger): Transport[] {
  let list: Transport[];
  if (config === undefined) list = [];
  else if (Array.isArray(config)) list = config;
  else if (typeof config === 'object' && config !== null) {
    const forEnv = Object.prototype.hasOwnProperty.call(config, environment) ? config[environment] : undefined;
    if (!forEnv) {
      const known = Object.keys(config).join(', ') || 'none';
      logger.warn(`[bugmastery] no transports configured for environment "${environment}" (configured: ${known}); events are dropped as noTransport`);
      list = [];
    } else list = forEnv;
  } else throw new TypeError('[bugmastery] option "transports" must be an array or a record of environment → array');
  const seen = new Map<string, number>();
  return list.map((t, i) => {
    if (!t || typeof t !== 'object' || typeof t.name !== 'string' || (!t.encode && !t.write)) {
      throw new TypeError(`[bugmastery] option "transports": entry ${i} is not a transport (use httpTransport() or another factory)`);
    }
    const n = (seen.get(t.name) ?? 0) + 1;
    seen.set(t.name, n);
    return n === 1 ? t : Object.assign(Object.create(t) as Transport, { name: `${t.name}#${n}` });
  });
}
