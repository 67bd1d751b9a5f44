import type { LedgerRecord } from '../domain/ledger';
import { BoundedMap } from './bounded-map';
import { singleFlight } from './single-flight';

export interface KnownUser {
  userId: string;
  createdAt: Date;
}

/**
 * User existence without a store read per join. Users are never deleted, so once this process has
 * seen a user's OPENED record the answer holds for good; only the memory is bounded (oldest entries
 * dropped first, each ~100 bytes: 1,000,000 users ≈ 100 MB). An id not held here is looked up in the
 * store every time, because another replica may have created it since; concurrent lookups of one id
 * share a single query.
 */
export class KnownUsers {
  private readonly createdAt: BoundedMap<string, number>;
  private readonly shared = singleFlight<LedgerRecord | null>();

  constructor(
    private readonly lookUp: (userId: string) => Promise<LedgerRecord | null>,
    capacity: number,
  ) {
    this.createdAt = new BoundedMap(capacity);
  }

  /** Takes note of a user's OPENED record (just created, or found). */
  remember(opening: LedgerRecord): void {
    this.createdAt.set(opening.userId, opening.createdAt.getTime());
  }

  async find(userId: string): Promise<KnownUser | null> {
    const known = this.createdAt.get(userId);
    if (known !== undefined) return { userId, createdAt: new Date(known) };
    const opening = await this.shared(userId, () => this.lookUp(userId));
    if (!opening) return null;
    this.remember(opening);
    return { userId, createdAt: opening.createdAt };
  }
}
