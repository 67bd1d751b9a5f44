import { DomainError } from './domain-error';

/**
 * `work`, or SERVICE_UNAVAILABLE (kind `unavailable`: worth retrying) once `ms` have passed without an
 * answer. For clients whose own timeouts stop at the wire — node-redis times a command out only while
 * it waits to be written — so that a store that accepts bytes and never answers cannot hold a caller.
 * The work itself is not cancelled; its late answer is dropped.
 */
export async function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new DomainError('SERVICE_UNAVAILABLE', 'unavailable', `${what}: no answer within ${ms} ms`)), ms);
        timer.unref();
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
