import type { Integration } from '../integration';
import type { BrowserClient } from '../lean';
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

type Kind = keyof BreadcrumbSwitches;
/** Each kind's install, in install order; each hands back its undo. */
const KINDS: Record<Kind, (client: BrowserClient, scrubUrl: (url: string) => string) => Undo> = {
  console: consoleBreadcrumbs,
  fetch: fetchBreadcrumbs,
  xhr: xhrBreadcrumbs,
  dom: domBreadcrumbs,
  navigation: navigationBreadcrumbs,
};

/** Breadcrumbs from console, fetch, XHR, clicks and navigation; each on unless switched off. */
export function breadcrumbs(switches: BreadcrumbSwitches = {}): Integration {
  return {
    name: 'breadcrumbs',
    setup(client, { scrubUrl }) {
      if (typeof window === 'undefined' || typeof document === 'undefined') return;
      const on: BreadcrumbSwitches = { console: true, fetch: true, xhr: true, dom: true, navigation: true, ...switches };
      return undoAll((Object.keys(KINDS) as Kind[]).filter((kind) => on[kind]).map((kind) => KINDS[kind](client, scrubUrl)));
    },
  };
}
