import type { Client } from './client';
import { processWide } from './process-wide';

/**
 * The client `init` installed, for glue that has no client handed to it (framework middleware,
 * job wrappers). One per process: an `init` from the ESM build is seen by a `require`d CommonJS one.
 */
const current = processWide('currentClient', () => ({ client: undefined as Client | undefined }));

export function setCurrentClient(client: Client | undefined): void {
  current.client = client;
}

export function getCurrentClient(): Client | undefined {
  return current.client;
}
