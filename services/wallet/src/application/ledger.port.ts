import type { LedgerRecord } from '../domain/ledger';

/** The ledger store. Only inserts into its unique indexes decide races (docs/architecture). */
export interface LedgerStore {
  /** The newest record of the user's stream, or null when the user does not exist. */
  head(userId: string): Promise<LedgerRecord | null>;
  /** Version 0 of the stream (the OPENED record). */
  opening(userId: string): Promise<LedgerRecord | null>;
  /** The user's records caused by one saga (its debit, its refund), oldest first. */
  sagaRecords(userId: string, sagaId: string): Promise<LedgerRecord[]>;
  /**
   * Inserts `record`. When its command id already caused a record, resolves with that record instead.
   * When another writer took the version first, rejects with the duplicate-key error so that
   * `retryOnConflict` re-reads the head. `freshCommandId` (a newly minted id) skips the command
   * lookup on a race, because such an id cannot have been used before.
   */
  append(record: LedgerRecord, options?: { freshCommandId?: boolean }): Promise<AppendResult>;
}

export type AppendResult = { appended: true } | { appended: false; existing: LedgerRecord };
