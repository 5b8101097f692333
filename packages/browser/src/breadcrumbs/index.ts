import type { Integration } from '../integration';
import { undoAll, type Undo } from '../undo';
import { consoleBreadcrumbs } from './console';
import { domBreadcrumbs } from './dom';
import { fetchBreadcrumbs } from './fetch';
import { navigationBreadcrumbs } from './navigation';
import { xhrBreadcrumbs } from './xhr';

export interface BreadcrumbSwitches {
  console?: boolean;
  fetch?: boolean;
  xhr?: boolean;
  dom?: boolean;
  navigation?: boolean;
}

/** Breadcrumbs from console, fetch, XHR, clicks and navigation; each on unless switched off. */
export function breadcrumbs(switches: BreadcrumbSwitches = {}): Integration {
  return {
    name: 'breadcrumbs',
    setup(client, { scrubUrl }) {
      if (typeof window === 'undefined' || typeof document === 'undefined') return;
      const on = { console: true, fetch: true, xhr: true, dom: true, navigation: true, ...switches };
      const undo: Undo[] = [];
      if (on.console) undo.push(consoleBreadcrumbs(client));
      if (on.fetch) undo.push(fetchBreadcrumbs(client));
      if (on.xhr) undo.push(xhrBreadcrumbs(client));
      if (on.dom) undo.push(domBreadcrumbs(client));
      if (on.navigation) undo.push(navigationBreadcrumbs(client, scrubUrl));
      return undoAll(undo);
    },
  };
}
