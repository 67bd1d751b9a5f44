/**
 * The store rule (docs/architecture): state that races is an append-only stream with a unique index on
 * (streamId, version). A writer reads the head, decides, and inserts version + 1; a duplicate-key error
 * means another writer won, so it re-reads and decides again. Only unique-index inserts are trusted to
 * be atomic, which holds on MongoDB and on FerretDB alike.
 */
export const DUPLICATE_KEY = 11000;

export function isDuplicateKey(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, writeErrors } = error as { code?: number; writeErrors?: { code?: number }[] };
  return code === DUPLICATE_KEY || (writeErrors ?? []).some((w) => w.code === DUPLICATE_KEY);
}

export class ConflictRetriesExhausted extends Error {
  constructor(attempts: number) {
    super(`gave up after ${attempts} conflicting appends`);
    this.name = 'ConflictRetriesExhausted';
  }
}

export interface RetryOptions {
  maxAttempts?: number;
  /** Upper bound of the random pause between attempts; grows with each lost race. */
  baseDelayMs?: number;
}

/** Runs `attempt` again whenever it lost a race (duplicate key), with jittered backoff. */
export async function retryOnConflict<T>(attempt: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 200;
  const baseDelayMs = options.baseDelayMs ?? 2;
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      if (i >= maxAttempts) throw new ConflictRetriesExhausted(i);
      const ceiling = Math.min(baseDelayMs * 2 ** Math.min(i, 6), 100);
      await new Promise((r) => setTimeout(r, Math.random() * ceiling));
    }
  }
}
