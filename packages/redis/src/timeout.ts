/** `work` bounded by `ms`: rejects with a clear error when Redis has not answered by then. */
export function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    // Timers run before I/O in Node's loop: after the app blocked the loop for longer than `ms`,
    // an answer already waiting on the socket would lose to the timer. setImmediate runs after
    // the I/O phase, so only an answer that truly has not come is a timeout.
    const expire = (): void => void setImmediate(() => reject(new Error(`redis did not answer ${what} within ${ms} ms`)));
    timer = setTimeout(expire, ms);
  });
  // The late answer (or error) of a timed-out call is nobody's: keep it from surfacing as unhandled.
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
