import type { LedgerRecord } from '../domain/ledger';
import { BoundedMap } from './bounded-map';
import { singleFlight } from './single-flight';

export interface KnownUser {
  userId: string;
  createdAt: Date;
  /** The hash of the user's key (domain/user-key); absent for a user opened before keys existed. */
  keyHash?: string;
}

interface Remembered {
  createdAtMs: number;
  keyHash: string | undefined;
}

/**
 * User existence and key hash without a store read per join. Users are never deleted and their keys
 * never change, so once this process has seen a user's OPENED record the answer holds for good; only
 * the memory is bounded (oldest entries dropped first, each ~200 bytes with its hash: 1,000,000 users
 * ≈ 200 MB). An id not held here is looked up in the store every time, because another replica may
 * have created it since; concurrent lookups of one id share a single query.
 */
export class KnownUsers {
  private readonly known: BoundedMap<string, Remembered>;
  private readonly shared = singleFlight<LedgerRecord | null>();

  constructor(
    private readonly lookUp: (userId: string) => Promise<LedgerRecord | null>,
    capacity: number,
  ) {
    this.known = new BoundedMap(capacity);
  }

  /** Takes note of a user's OPENED record (just created, or found). */
  remember(opening: LedgerRecord): void {
    this.known.set(opening.userId, { createdAtMs: opening.createdAt.getTime(), keyHash: opening.keyHash });
  }

  async find(userId: string): Promise<KnownUser | null> {
    const known = this.known.get(userId);
    if (known !== undefined) return { userId, createdAt: new Date(known.createdAtMs), keyHash: known.keyHash };
    const opening = await this.shared(userId, () => this.lookUp(userId));
    if (!opening) return null;
    this.remember(opening);
    return { userId, createdAt: opening.createdAt, keyHash: opening.keyHash };
  }
}
