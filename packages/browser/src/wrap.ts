import { getCurrentClient, type Client } from '@bugmastery/core';
import { skipWhen } from './handlers';
import { patch } from './patch';
import { undoAll, type Undo } from './undo';

export interface WrapSwitches {
  /** setTimeout and setInterval callbacks. */
  timers?: boolean;
  /** requestAnimationFrame callbacks. */
  animationFrame?: boolean;
  /** addEventListener listeners (EventTarget.prototype). */
  eventTarget?: boolean;
}

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

/** Errors a wrapper captured before rethrowing. */
const capturedObjects = new WeakSet<object>();
/** A thrown primitive cannot go in a WeakSet: the one just rethrown is kept until its error event, which comes before any microtask. */
let rethrownPrimitive: { value: unknown } | undefined;
const isObject = (v: unknown): v is object => v !== null && (typeof v === 'object' || typeof v === 'function');

function markCaptured(error: unknown): void {
  if (isObject(error)) return void capturedObjects.add(error);
  const slot = (rethrownPrimitive = { value: error });
  queueMicrotask(() => {
    if (rethrownPrimitive === slot) rethrownPrimitive = undefined;
  });
}

function wasCaptured(error: unknown): boolean {
  if (isObject(error)) return capturedObjects.has(error);
  const hit = !!rethrownPrimitive && Object.is(rethrownPrimitive.value, error);
  if (hit) rethrownPrimitive = undefined;
  return hit;
}

/** Listener → its guarded wrapper, so the same listener is added once and removeEventListener still finds it. */
const guarded = new WeakMap<object, AnyFunction>();
let removeTranslated = false;

const ALL: WrapSwitches = { timers: true, animationFrame: true, eventTarget: true };

/**
 * Wraps callbacks so an error inside them is captured with its full stack, even from a cross-origin
 * script whose window error event would only say "Script error.". The error is rethrown unchanged
 * (the window error listener then skips it). A separate export, not an init option, so pages that
 * do not wrap do not ship it. Returns the undo.
 */
export function wrapCallbacks(which: WrapSwitches = ALL, client: Client | undefined = getCurrentClient()): () => void {
  if (!client || typeof window === 'undefined') return () => undefined;
  skipWhen(wasCaptured);
  const guard = (fn: AnyFunction, mechanism: string): AnyFunction =>
    function (this: unknown, ...args: unknown[]) {
      try {
        return fn.apply(this, args);
      } catch (error) {
        // Nested wrappers (a listener added inside a timer) see the same error: captured once.
        if (!wasCaptured(error)) client.captureException(error, { mechanism, handled: false });
        markCaptured(error);
        throw error;
      }
    };

  const undo: Undo[] = [];
  const timer = (name: 'setTimeout' | 'setInterval' | 'requestAnimationFrame') =>
    undo.push(
      patch(window as unknown as Record<string, AnyFunction>, name, (original) =>
        function (this: unknown, callback: unknown, ...rest: unknown[]) {
          return original.call(this, typeof callback === 'function' ? guard(callback as AnyFunction, name) : callback, ...rest);
        },
      ),
    );
  if (which.timers) {
    timer('setTimeout');
    timer('setInterval');
  }
  if (which.animationFrame) timer('requestAnimationFrame');

  if (which.eventTarget && typeof EventTarget !== 'undefined') {
    const proto = EventTarget.prototype as unknown as Record<string, AnyFunction>;
    const wrapperOf = (listener: unknown): unknown => {
      if (!listener || (typeof listener !== 'function' && typeof (listener as EventListenerObject).handleEvent !== 'function')) return listener;
      let wrapper = guarded.get(listener);
      if (!wrapper) {
        const call: AnyFunction =
          typeof listener === 'function'
            ? (listener as AnyFunction)
            : function (this: unknown, event: unknown) {
                return (listener as EventListenerObject).handleEvent(event as Event);
              };
        wrapper = guard(call, 'addEventListener');
        guarded.set(listener, wrapper);
      }
      return wrapper;
    };
    undo.push(
      patch(proto, 'addEventListener', (original) =>
        function (this: unknown, type: unknown, listener: unknown, options: unknown) {
          return original.call(this, type, wrapperOf(listener), options);
        },
      ),
    );
    // Stays after close: listeners added while wrapped must remain removable with the function the app holds.
    if (!removeTranslated) {
      removeTranslated = true;
      patch(proto, 'removeEventListener', (original) =>
        function (this: unknown, type: unknown, listener: unknown, options: unknown) {
          // Both: the listener may have been added before wrapping began, or after it ended.
          const wrapper = listener && guarded.get(listener);
          if (wrapper) original.call(this, type, wrapper, options);
          return original.call(this, type, listener, options);
        },
      );
    }
  }
  return undoAll(undo);
}
