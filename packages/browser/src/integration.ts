import type { Event } from '@bugmastery/core';
import type { BrowserClient } from './lean';
import type { Undo } from './undo';

export interface IntegrationContext {
  /** Scrubs secrets from a URL the way core scrubs events (query values, credentials, IPs). */
  scrubUrl(url: string): string;
}

/**
 * An opt-in extra for `init({ integrations: [...] })`: a page that does not import it does not ship it.
 * `breadcrumbs()` and `offlineQueue()` are the ones this package provides.
 */
export interface Integration {
  readonly name: string;
  /** Keeps events no transport could deliver, for later (core's `Platform.persist`); true when kept. */
  persist?(transport: string, events: Event[]): boolean;
  /** What it keeps: `client.offlineQueue()` reads it. */
  queueStats?(): { queued: number; dropped: number };
  /** Runs once the client exists; what it returns is undone by `client.close()`. */
  setup?(client: BrowserClient, context: IntegrationContext): Undo | void;
  /** The page is shown again after being hidden. */
  shown?(): void;
}
