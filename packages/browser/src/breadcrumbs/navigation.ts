import type { Client } from '@bugmastery/core';
import { patch } from '../patch';

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
  const undo = [change('pushState'), change('replaceState')];
  addEventListener('popstate', record);
  return () => {
    undo.forEach((u) => u());
    removeEventListener('popstate', record);
  };
}
