import { createClient, getCurrentClient, setCurrentClient, type Client, type Options } from '@bugmastery/core';
import { createScrubber } from '@bugmastery/core/internal';
import { consoleBreadcrumbs } from './breadcrumbs/console';
import { domBreadcrumbs } from './breadcrumbs/dom';
import { fetchBreadcrumbs } from './breadcrumbs/fetch';
import { navigationBreadcrumbs } from './breadcrumbs/navigation';
import { xhrBreadcrumbs } from './breadcrumbs/xhr';
import { addPageContext } from './context';
import { installGlobalHandlers } from './handlers';
import { offlineQueue, type OfflineQueueOptions } from './persist';
import { browserFetch, KEEPALIVE_MAX_BYTES, watchPageHide, type PageState } from './unload';
import { listen, undoAll, type Undo } from './undo';
import { ignoreRule, type UrlPattern } from './urls';
import { BROWSER_SDK_VERSION } from './version';

export interface BreadcrumbSwitches {
  console?: boolean;
  fetch?: boolean;
  xhr?: boolean;
  dom?: boolean;
  navigation?: boolean;
}

export interface BrowserOptions extends Options {
  /** window `error` listener. Default true. */
  captureUncaught?: boolean;
  /** window `unhandledrejection` listener. Default true. */
  captureUnhandledRejections?: boolean;
  /** Each on by default; `false` turns them all off. */
  breadcrumbs?: BreadcrumbSwitches | false;
  /** Only errors whose innermost frame's file matches one of these are reported. */
  allowUrls?: UrlPattern[];
  /** Errors whose innermost frame's file matches are dropped as `ignored` (browser extensions always are). */
  denyUrls?: UrlPattern[];
  /** localStorage queue for undelivered events. Default true. */
  persist?: boolean | OfflineQueueOptions;
}

export interface BrowserClient extends Client {
  /** The localStorage queue: events waiting, and how many were pushed out by newer ones (across loads). */
  offlineQueue(): { queued: number; dropped: number };
}

const storage = (): Storage | undefined => {
  try {
    return localStorage;
  } catch {
    return undefined; // disabled cookies / sandboxed iframe: reading the property throws
  }
};

/** The client of the last init() until it is closed: a page has one. */
let active: { client: BrowserClient; uninstall: () => void } | undefined;

/** The browser runtime: handlers, breadcrumbs, page context, keepalive/beacon delivery and the offline queue. */
export function init(options: BrowserOptions): BrowserClient {
  if (active) {
    // Two clients would report every error twice and stack their patches; the newer options win.
    try {
      (options.logger ?? console).warn('[bugmastery] init() called again: the previous client is closed');
    } catch {
      /* no console */
    }
    active.uninstall();
    void active.client.close();
  }
  const inPage = typeof window !== 'undefined' && typeof document !== 'undefined';
  const page: PageState = { hidden: false };
  const scrubUrl = createScrubber(options.scrub?.keys, !options.sendDefaultPii).url;
  const queue = options.persist === false ? undefined : offlineQueue(storage(), typeof options.persist === 'object' ? options.persist : undefined);
  const nativeFetch = typeof fetch === 'function' ? fetch.bind(globalThis) : undefined;

  const client = createClient({
    ...options,
    platform: {
      name: 'javascript',
      sdk: { name: 'bugmastery.browser', version: BROWSER_SDK_VERSION },
      fetch: nativeFetch && browserFetch(nativeFetch, page),
      maxRequestBytes: KEEPALIVE_MAX_BYTES,
      enrich: (event) => addPageContext(event, scrubUrl),
      persist: queue && queue.add,
      ignore: ignoreRule(options.allowUrls, options.denyUrls),
    },
  }) as BrowserClient;

  const undo: Undo[] = [];
  /** At load every page's queue (closed tabs, earlier loads); on `online` this page's own: every tab gets that event. */
  const replay = (allPages: boolean): void => {
    if (!queue || (typeof navigator !== 'undefined' && navigator.onLine === false)) return;
    queue.take(allPages).forEach((events, transport) => void client.replay(events, transport));
  };

  if (inPage) {
    undo.push(installGlobalHandlers(client, options.captureUncaught !== false, options.captureUnhandledRejections !== false));
    const crumbs: BreadcrumbSwitches = options.breadcrumbs === false ? {} : { console: true, fetch: true, xhr: true, dom: true, navigation: true, ...options.breadcrumbs };
    if (crumbs.console) undo.push(consoleBreadcrumbs(client));
    if (crumbs.fetch) undo.push(fetchBreadcrumbs(client));
    if (crumbs.xhr) undo.push(xhrBreadcrumbs(client));
    if (crumbs.dom) undo.push(domBreadcrumbs(client));
    if (crumbs.navigation) undo.push(navigationBreadcrumbs(client, scrubUrl));
    // Hidden may mean closed: hand everything waiting to the delivery layer now, which beacons while hidden.
    undo.push(watchPageHide(page, () => void client.flush()));
    undo.push(listen(window, 'online', () => replay(false)));
  }
  replay(true);
  setCurrentClient(client);

  const uninstall = undoAll(undo);
  const self = { client, uninstall };
  active = self;
  const close = client.close;
  client.close = async (timeoutMs) => {
    const ok = await close(timeoutMs);
    uninstall();
    if (active === self) active = undefined;
    if (getCurrentClient() === client) setCurrentClient(undefined);
    return ok;
  };
  client.offlineQueue = () => (queue ? queue.stats() : { queued: 0, dropped: 0 });
  return client;
}
