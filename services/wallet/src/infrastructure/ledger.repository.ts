import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateKey } from '@concert/stream-store';
import type { AppendResult, LedgerStore } from '../application/ledger.port';
import type { LedgerRecord } from '../domain/ledger';

const ledgerSchema = new Schema<LedgerRecord>(
  {
    userId: { type: String, required: true },
    version: { type: Number, required: true },
    kind: { type: String, required: true, enum: ['OPENED', 'CHARGED', 'DEBITED', 'DEBIT_REJECTED', 'REFUNDED'] },
    amount: { type: Number, required: true },
    balance: { type: Number, required: true, min: 0 },
    commandId: { type: String, required: true },
    createdAt: { type: Date, required: true },
    keyHash: { type: String },
    sagaId: { type: String },
    correlationId: { type: String },
  },
  { collection: 'ledger', versionKey: false, strict: 'throw' },
);
// The store rule: these two unique indexes are all that decides races and replays.
ledgerSchema.index({ userId: 1, version: 1 }, { unique: true });
ledgerSchema.index({ commandId: 1 }, { unique: true });

export function ledgerModel(connection: Connection): Model<LedgerRecord> {
  return connection.models.LedgerRecord ?? connection.model<LedgerRecord>('LedgerRecord', ledgerSchema);
}

const PROJECTION = { _id: 0 } as const;

/**
 * Every query is a plain equality FerretDB pushes down to an index. The head read sorts only the
 * user's own records; the command-id lookup runs only after a lost insert, and not at all for
 * freshly minted ids.
 */
export class MongoLedgerStore implements LedgerStore {
  constructor(private readonly model: Model<LedgerRecord>) {}

  async head(userId: string): Promise<LedgerRecord | null> {
    return this.model.findOne({ userId }, PROJECTION).sort({ version: -1 }).lean<LedgerRecord>().exec();
  }

  async opening(userId: string): Promise<LedgerRecord | null> {
    return this.model.findOne({ userId, version: 0 }, PROJECTION).lean<LedgerRecord>().exec();
  }

  /**
   * Two scalar equalities, pushed down by FerretDB; on MongoDB the (userId, version) index narrows it
   * to the user's own records, which are few, so no index of its own is declared.
   */
  async sagaRecords(userId: string, sagaId: string): Promise<LedgerRecord[]> {
    const records = await this.model.find({ userId, sagaId }, PROJECTION).lean<LedgerRecord[]>().exec();
    return records.sort((a, b) => a.version - b.version);
  }

  async append(record: LedgerRecord, options: { freshCommandId?: boolean } = {}): Promise<AppendResult> {
    try {
      await this.model.create(record);
      return { appended: true };
    } catch (error) {
      if (!isDuplicateKey(error) || options.freshCommandId) throw error;
      // FerretDB does not say which unique index was hit: look for the command before calling it a race.
      const existing = await this.model.findOne({ commandId: record.commandId }, PROJECTION).lean<LedgerRecord>().exec();
      if (existing) return { appended: false, existing };
      throw error;
    }
  }
}
