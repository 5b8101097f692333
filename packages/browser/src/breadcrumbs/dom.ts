import type { Client } from '@bugmastery/core';
import { quietly } from '../patch';
import { listen } from '../undo';

/**
 * A property as Element or Node defines it: a <form> answers `tagName`, `id`, `parentElement` or
 * `getAttribute` with its inputs of that name, which would break the path or throw.
 */
const native = (node: Node, proto: object, key: string): unknown => Object.getOwnPropertyDescriptor(proto, key)!.get!.call(node);
const attribute = (el: Element, name: string): string | null => Element.prototype.getAttribute.call(el, name);

/** A short CSS-like path to the element: up to three levels, stopping at an id. */
export function selectorOf(target: EventTarget | null): string {
  const parts: string[] = [];
  let el = target as Element | null;
  for (let depth = 0; el && native(el, Node.prototype, 'nodeType') === 1 && depth < 3; depth++, el = native(el, Node.prototype, 'parentElement') as Element | null) {
    let part = String(native(el, Element.prototype, 'tagName')).toLowerCase();
    const id = attribute(el, 'id');
    const classes = (attribute(el, 'class') ?? '').trim().split(/\s+/).slice(0, 2).join('.');
    if (id) part += '#' + id;
    else if (classes) part += '.' + classes;
    const name = attribute(el, 'name');
    if (name) part += `[name="${name}"]`;
    parts.unshift(part);
    if (id) break;
  }
  return parts.join(' > ');
}

/** Clicks anywhere → a `ui.click` breadcrumb. Capture phase: recorded before the target's own handler can throw. */
export function domBreadcrumbs(client: Client): () => void {
  return listen(
    document,
    'click',
    (event) => {
      const message = quietly(() => selectorOf(event.target));
      if (message) client.addBreadcrumb({ type: 'user', category: 'ui.click', message });
    },
    true,
  );
}
