/**
 * Concurrent calls for one key share the first call's promise, so a burst asking for the same thing
 * (10,000 joins of one fan's retries, a balance polled in parallel) costs one store read, not one each.
 * The key is forgotten as soon as the call settles: later calls read again.
 */
export function singleFlight<T>() {
  const inFlight = new Map<string, Promise<T>>();
  return function shared(key: string, load: () => Promise<T>): Promise<T> {
    const pending = inFlight.get(key);
    if (pending) return pending;
    const call = load().finally(() => inFlight.delete(key));
    inFlight.set(key, call);
    return call;
  };
}
