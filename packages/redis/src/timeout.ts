/** `work` bounded by `ms`: rejects with a clear error when Redis has not answered by then. */
export function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`redis did not answer ${what} within ${ms} ms`)), ms);
  });
  // The late answer (or error) of a timed-out call is nobody's: keep it from surfacing as unhandled.
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
