import type { Client } from '@bugmastery/core';
import { patch } from '../patch';
import { listen, undoAll } from '../undo';

/** history.pushState / replaceState and popstate → `navigation` breadcrumbs with from and to (secrets scrubbed). */
export function navigationBreadcrumbs(client: Client, scrubUrl: (url: string) => string): () => void {
  let from = location.href;
  const record = (): void => {
    const to = location.href;
    if (to !== from) client.addBreadcrumb({ type: 'navigation', category: 'navigation', data: { from: scrubUrl(from), to: scrubUrl(to) } });
    from = to;
  };
  const change = (method: 'pushState' | 'replaceState') =>
    patch(history, method, (original) =>
      function (this: History, ...args: Parameters<History['pushState']>) {
        const result = original.apply(this, args);
        record();
        return result;
      },
    );
  return undoAll([change('pushState'), change('replaceState'), listen(window, 'popstate', record)]);
}
