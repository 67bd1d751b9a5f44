import type { LedgerRecord } from '../domain/ledger';
import { BoundedMap } from './bounded-map';

interface Seen {
  record: LedgerRecord;
  /** Monotonic time (ms) at which the store was asked: the record was the head at least until then. */
  at: number;
}

/**
 * The newest record this process knows of each user's stream (appended here, or read), bounded.
 * - Writers insert after it without a read. It may be stale when another replica appended since;
 *   then the insert loses on the unique (userId, version) index and the retry reads the head (the
 *   store rule), so staleness costs a retry, never money.
 * - Balance reads use it only while fresh (`freshMs`): a reader may miss what another replica
 *   appended during that window, never more. This process's own appends are always included.
 */
export class LedgerHeads {
  private readonly heads: BoundedMap<string, Seen>;

  constructor(
    capacity: number,
    private readonly freshMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.heads = new BoundedMap(capacity);
  }

  /** The moment to stamp on a record that the store is about to be asked for (read or insert). */
  stamp(): number {
    return this.now();
  }

  /** Any known head, however old: good enough to try an insert after. */
  known(userId: string): LedgerRecord | undefined {
    return this.heads.get(userId)?.record;
  }

  /** A head recent enough to answer a balance read with. */
  fresh(userId: string): LedgerRecord | undefined {
    const seen = this.heads.get(userId);
    return seen && this.now() - seen.at <= this.freshMs ? seen.record : undefined;
  }

  /** Keeps `record` unless a newer version is already known (a slow read must not roll it back). */
  remember(record: LedgerRecord, at: number): void {
    const seen = this.heads.get(record.userId);
    if (seen && seen.record.version > record.version) return;
    if (seen && seen.record.version === record.version && seen.at > at) return;
    this.heads.set(record.userId, { record, at });
  }

  forget(userId: string): void {
    this.heads.delete(userId);
  }
}
