import type { Client, Level } from '@bugmastery/core';
import { normalize, toJson } from '@bugmastery/core/internal';
import { patch, quietly } from '../patch';
import { undoAll } from '../undo';

const LEVELS = { log: 'info', warn: 'warning', error: 'error' } as const;
/** Enough of an object for a breadcrumb: bounded, so logging a 300,000-item array costs no more than a short one. */
const SHALLOW = { depth: 3, breadth: 20, stringLength: 300 };

/** A console argument as text; never throws (cycles, throwing getters, revoked Proxies come out as readable data). */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return String(value);
  const plain = normalize(value, SHALLOW);
  if (quietly(() => value instanceof Error) && plain && typeof plain === 'object' && !Array.isArray(plain)) return `${plain.name}: ${plain.message}`;
  return (typeof plain === 'string' ? plain : toJson(plain)).slice(0, 300);
}

/** console.log / warn / error → breadcrumbs (the SDK's own "[bugmastery]" lines excluded). */
export function consoleBreadcrumbs(client: Client): () => void {
  return undoAll(
    (Object.keys(LEVELS) as (keyof typeof LEVELS)[]).map((method) =>
      patch(console, method, (original) =>
        function (this: unknown, ...args: unknown[]) {
          quietly(() => {
            const message = args.map(text).join(' ');
            if (!message.startsWith('[bugmastery]')) client.addBreadcrumb({ type: 'debug', category: 'console', message, level: LEVELS[method] as Level });
          });
          return original.apply(this, args);
        },
      ),
    ),
  );
}
