/** Every install in this package hands back an undo, so `client.close()` leaves the page as it found it. */
export type Undo = () => void;

/** Adds a listener; the undo removes it. */
export function listen<E extends Event>(target: EventTarget, type: string, handler: (event: E) => void, capture?: boolean): Undo {
  target.addEventListener(type, handler as EventListener, capture);
  return () => target.removeEventListener(type, handler as EventListener, capture);
}

/** One undo for many. */
export const undoAll = (undos: Undo[]): Undo => () => undos.splice(0).forEach((undo) => undo());
