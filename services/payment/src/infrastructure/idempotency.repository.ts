import mongoose, { Schema } from 'mongoose';
import { isDuplicateKey } from '@concert/stream-store';
import type { IdempotencyRecord, IdempotencyStore } from '../application/payment.ports';

const keySchema = new Schema<IdempotencyRecord>(
  {
    key: { type: String, required: true },
    requestHash: { type: String, required: true },
    createdAt: { type: Date, required: true },
    paymentId: { type: String, default: null },
    errorCode: { type: String, default: null },
    errorKind: { type: String, default: null },
  },
  { collection: 'idempotency_keys', versionKey: false },
);
// The first request with a key wins this insert; later ones read what it stored. Never updated.
keySchema.index({ key: 1 }, { unique: true });

export class MongoIdempotencyStore implements IdempotencyStore {
  private readonly model: mongoose.Model<IdempotencyRecord>;

  constructor(connection: mongoose.Connection) {
    this.model = connection.models.IdempotencyKey ?? connection.model<IdempotencyRecord>('IdempotencyKey', keySchema);
  }

  async insert(record: IdempotencyRecord): Promise<{ inserted: true } | { inserted: false; existing: IdempotencyRecord }> {
    try {
      await this.model.collection.insertOne({ ...record });
      return { inserted: true };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const existing = await this.find(record.key);
      if (!existing) throw error;
      return { inserted: false, existing };
    }
  }

  async find(key: string): Promise<IdempotencyRecord | null> {
    const found = await this.model.findOne({ key }, { _id: 0 }).lean<IdempotencyRecord>().exec();
    return found ? { ...found, createdAt: new Date(found.createdAt) } : null;
  }
}
