/** Replaces `target[key]` with a wrapper around the original and returns the undo. */
export function patch<T extends object, K extends keyof T>(target: T, key: K, wrap: (original: T[K]) => T[K]): () => void {
  const original = target[key];
  if (typeof original !== 'function') return () => undefined;
  const wrapped = wrap(original);
  target[key] = wrapped;
  // Someone patched after us: putting the original back would silently remove their wrapper.
  return () => {
    if (target[key] === wrapped) target[key] = original;
  };
}

/** The SDK's side of a wrapper (a breadcrumb): whatever it throws stays here, and the page's call goes on as if unwrapped. */
export function quietly<T>(work: () => T): T | undefined {
  try {
    return work();
  } catch {
    return undefined;
  }
}
