import { createClient, getCurrentClient, setCurrentClient, type Client, type Options } from '@bugmastery/core';
import { createScrubber } from '@bugmastery/core/internal';
import { DEV } from '@bugmastery/core/internal';
import { addPageContext } from './context';
import { installGlobalHandlers } from './handlers';
import type { Integration } from './integration';
import { readBrowserOptions } from './options';
import { browserFetch, KEEPALIVE_MAX_BYTES, watchPageHide, type PageState } from './unload';
import { undoAll, type Undo } from './undo';
import { ignoreRule, type UrlPattern } from './urls';
import { BROWSER_SDK_VERSION } from './version';

export interface LeanOptions extends Options {
  /** window `error` listener. Default true. */
  captureUncaught?: boolean;
  /** window `unhandledrejection` listener. Default true. */
  captureUnhandledRejections?: boolean;
  /** Only errors whose innermost frame's file matches one of these are reported. */
  allowUrls?: UrlPattern[];
  /** Errors whose innermost frame's file matches are dropped as `ignored` (browser extensions always are). */
  denyUrls?: UrlPattern[];
  /** Opt-in extras: `breadcrumbs()`, `offlineQueue()` (already part of `init`). */
  integrations?: Integration[];
}

export interface BrowserClient extends Client {
  /** The offline queue: events waiting, and how many were pushed out by newer ones (across loads); zeros without one. */
  offlineQueue(): { queued: number; dropped: number };
}

/** Closes the client of the last init() at once (handlers and patches off); unset when that client is closed. A page has one. */
let closeActive: (() => void) | undefined;

/**
 * The errors-only browser runtime: global handlers, page context, keepalive/beacon delivery, and
 * only the integrations passed. `init` is this plus the offline queue.
 */
export function initLean(options: LeanOptions): BrowserClient {
  /** Logs without ever throwing: the text is built inside, as an error's toString may throw too. */
  const tell = (level: 'warn' | 'error', text: () => string): void => {
    try {
      (options.logger ?? console)[level](`[bugmastery] ${text()}`);
    } catch {
      /* no console, or that toString */
    }
  };
  // Two clients would report every error twice and stack their patches; the newer options win.
  if (closeActive) {
    tell('warn', () => `init() called again${DEV ? ': the previous client is closed' : ''}`);
    closeActive();
  }
  const { switches, known } = readBrowserOptions(options);
  const page: PageState = { hidden: false };
  const scrubUrl = createScrubber(options.scrub?.keys, !options.sendDefaultPii).url;
  const integrations = options.integrations ?? [];
  const keeper = integrations.find((i) => i.persist);
  const pageFetch = typeof fetch === 'function' ? browserFetch(fetch.bind(globalThis), page) : undefined;
  let suspend: (suspended: boolean) => void = () => undefined;

  const client = createClient({
    ...options,
    platform: {
      name: 'javascript',
      sdk: { name: 'bugmastery.browser', version: BROWSER_SDK_VERSION },
      fetch: pageFetch,
      maxRequestBytes: KEEPALIVE_MAX_BYTES,
      enrich: (event) => addPageContext(event, scrubUrl),
      persist: keeper?.persist!.bind(keeper),
      ignore: ignoreRule(options.allowUrls, options.denyUrls),
      onSuspend: (fn) => void (suspend = fn),
      options: known,
    },
  }) as BrowserClient;
  client.offlineQueue = () => keeper?.queueStats?.() ?? { queued: 0, dropped: 0 };

  const undo: Undo[] = [];
  if (typeof window !== 'undefined' && typeof document !== 'undefined') {
    installGlobalHandlers(client, switches, undo);
    undo.push(
      // Hidden may mean closed: what is queued goes now (beacon / keepalive), what waits for a retry or
      // would be cut off is kept (offline queue); shown again, the page sends what it kept meanwhile.
      watchPageHide(page, (hidden) => {
        if (hidden) pageFetch?.abandonPlain();
        suspend(hidden);
        if (!hidden) integrations.forEach((i) => i.shown?.());
      }),
    );
  }
  for (const integration of integrations) {
    try {
      const undone = integration.setup?.(client, { scrubUrl });
      if (undone) undo.push(undone);
    } catch (err) {
      // One broken integration must not stop the others, nor init.
      tell('error', () => `integration ${integration.name} failed to start: ${String(err)}`);
    }
  }
  setCurrentClient(client);

  const uninstall = undoAll(undo);
  const replaced = (): void => {
    uninstall();
    void client.close();
  };
  closeActive = replaced;
  const close = client.close;
  client.close = async (timeoutMs) => {
    const ok = await close(timeoutMs);
    uninstall();
    if (closeActive === replaced) closeActive = undefined;
    if (getCurrentClient() === client) setCurrentClient(undefined);
    return ok;
  };
  return client;
}
