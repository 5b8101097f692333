import type { Logger } from './types';

/** One line per distinct problem: the SDK must not flood the app's logs while things burn. */
export function onceLogger(logger: Logger | undefined): Logger {
  const seen = new Set<string>();
  const once = (level: 'warn' | 'error') => (message: string) => {
    if (seen.has(message)) return;
    if (seen.size > 500) seen.clear();
    seen.add(message);
    try {
      (logger ?? console)[level](message);
    } catch {
      /* a broken logger (or no console) must not break capture */
    }
  };
  return { warn: once('warn'), error: once('error') };
}
