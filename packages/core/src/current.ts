import type { Client } from './client';

/** The client `init` installed, for glue that has no client handed to it (framework middleware, job wrappers). */
let current: Client | undefined;

export function setCurrentClient(client: Client | undefined): void {
  current = client;
}

export function getCurrentClient(): Client | undefined {
  return current;
}
