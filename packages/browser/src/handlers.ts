import type { Client } from '@bugmastery/core';
import { listen, type Undo } from './undo';

/** Set by wrapCallbacks (only pages that wrap ship it): errors its wrappers captured before rethrowing, which the window error listener skips. */
let capturedByWrapper: (error: unknown) => boolean = () => false;
export const skipWhen = (rule: typeof capturedByWrapper): void => void (capturedByWrapper = rule);

/** An ErrorEvent without an error object (old browsers, cross-origin scripts): rebuild what it says. */
function fromErrorEvent(event: ErrorEvent): { name: string; message: string; stack?: string } {
  const message = String(event.message ?? '').replace(/^Uncaught (?:Error: )?/, '');
  const error: { name: string; message: string; stack?: string } = { name: 'Error', message };
  if (event.filename) error.stack = `Error: ${message}\n    at ${event.filename}:${event.lineno}:${event.colno}`;
  return error;
}

/**
 * window `error` and `unhandledrejection` listeners, as switched on, their undos added to `undo`.
 * Listeners, not `window.onerror`, so the page's own onerror keeps working; nothing is prevented,
 * so the console still shows the error.
 */
export function installGlobalHandlers(client: Client, on: { captureUncaught: boolean; captureUnhandledRejections: boolean }, undo: Undo[]): void {
  if (on.captureUncaught) {
    undo.push(
      listen<ErrorEvent>(window, 'error', (event) => {
        const error: unknown = event.error;
        if (!capturedByWrapper(error)) client.captureException(error ?? fromErrorEvent(event), { mechanism: 'onerror', handled: false });
      }),
    );
  }
  if (on.captureUnhandledRejections) {
    undo.push(listen<PromiseRejectionEvent>(window, 'unhandledrejection', (event) => client.captureException(event.reason, { mechanism: 'onunhandledrejection', handled: false })));
  }
}
