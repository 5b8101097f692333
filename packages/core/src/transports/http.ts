import type { Event, FetchLike, Transport } from '../types';
import { DEV } from '../dev';
import { encodePayload } from './payload';
import { requireUrl } from './url';

export interface HttpTransportOptions {
  url: string;
  headers?: Record<string, string>;
  /** 'json' posts `{ events: [...] }`; 'ndjson' posts one event a line. */
  format?: 'json' | 'ndjson';
  /** Most events in one request. Default: the whole batch. */
  maxBatch?: number;
  name?: string;
  fetch?: FetchLike;
}

/** Generic HTTP: the event model as it is, for your own collector. */
export function httpTransport(options: HttpTransportOptions): Transport {
  const url = requireUrl(options?.url, 'url', 'httpTransport').toString();
  const format = options.format ?? 'json';
  if (format !== 'json' && format !== 'ndjson') throw new TypeError(`[bugmastery] httpTransport: option "format" must be json or ndjson${DEV ? `, not "${String(format)}"` : ''}`);
  const json = format === 'json';
  const headers = {
    'content-type': json ? 'application/json' : 'application/x-ndjson',
    ...options.headers,
  };
  return {
    name: options.name ?? 'http',
    maxBatch: options.maxBatch,
    fetch: options.fetch,
    encode(events: Event[]) {
      const body = json ? encodePayload({ events }, events) : events.map((e) => encodePayload(e, [e])).join('\n') + '\n';
      return { url, headers, body };
    },
  };
}
