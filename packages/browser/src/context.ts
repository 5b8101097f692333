import type { Event } from '@bugmastery/core';

/** Page facts every browser event carries: where it happened and on what. */
export function addPageContext(event: Event, scrubUrl: (url: string) => string): void {
  if (typeof location === 'undefined' || typeof navigator === 'undefined') return;
  event.contexts.browser = {
    url: scrubUrl(location.href),
    userAgent: navigator.userAgent,
    language: navigator.language,
    viewport: { width: innerWidth, height: innerHeight },
    ...event.contexts.browser,
  };
}
