import type { Client, Level } from '@bugmastery/core';
import { patch } from '../patch';
import { undoAll } from '../undo';

const LEVELS = { log: 'info', warn: 'warning', error: 'error' } as const;

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    return typeof value === 'object' && value !== null ? JSON.stringify(value).slice(0, 300) : String(value);
  } catch {
    return String(value);
  }
}

/** console.log / warn / error → breadcrumbs (the SDK's own "[bugmastery]" lines excluded). */
export function consoleBreadcrumbs(client: Client): () => void {
  return undoAll(
    (Object.keys(LEVELS) as (keyof typeof LEVELS)[]).map((method) =>
      patch(console, method, (original) =>
        function (this: unknown, ...args: unknown[]) {
          const message = args.map(text).join(' ');
          if (!message.startsWith('[bugmastery]')) {
            client.addBreadcrumb({ type: 'debug', category: 'console', message, level: LEVELS[method] as Level });
          }
          return original.apply(this, args);
        },
      ),
    ),
  );
}
