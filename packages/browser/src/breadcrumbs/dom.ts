import type { Client } from '@bugmastery/core';
import { listen } from '../undo';

/** A short CSS-like path to the element: up to three levels, stopping at an id. */
export function selectorOf(target: EventTarget | null): string {
  const parts: string[] = [];
  let el = target as Element | null;
  for (let depth = 0; el && el.nodeType === 1 && depth < 3; depth++, el = el.parentElement) {
    let part = el.tagName.toLowerCase();
    const classes = typeof el.className === 'string' ? el.className.trim().split(/\s+/).slice(0, 2).join('.') : '';
    if (el.id) part += '#' + el.id;
    else if (classes) part += '.' + classes;
    const name = el.getAttribute('name');
    if (name) part += `[name="${name}"]`;
    parts.unshift(part);
    if (el.id) break;
  }
  return parts.join(' > ');
}

/** Clicks anywhere → a `ui.click` breadcrumb. Capture phase: recorded before the target's own handler can throw. */
export function domBreadcrumbs(client: Client): () => void {
  return listen(
    document,
    'click',
    (event) => {
      const message = selectorOf(event.target);
      if (message) client.addBreadcrumb({ type: 'user', category: 'ui.click', message });
    },
    true,
  );
}
