import { AsyncLocalStorage } from 'node:async_hooks';

/** Ids that tie one request or saga together across every service it touches. */
export interface Correlation {
  requestId?: string;
  sagaId?: string;
}

const storage = new AsyncLocalStorage<Correlation>();

/** Runs `fn` with `ids` added to the current correlation; every log line inside carries them. */
export function withCorrelation<T>(ids: Correlation, fn: () => T): T {
  const merged = { ...storage.getStore(), ...definedOnly(ids) };
  return storage.run(merged, fn);
}

export const currentCorrelation = (): Correlation => storage.getStore() ?? {};

function definedOnly(ids: Correlation): Correlation {
  const out: Correlation = {};
  if (ids.requestId) out.requestId = ids.requestId;
  if (ids.sagaId) out.sagaId = ids.sagaId;
  return out;
}
