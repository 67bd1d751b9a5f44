import mongoose, { Schema } from 'mongoose';
import { isDuplicateKey } from '@concert/stream-store';
import type { IdempotencyRecord, IdempotencyStore } from '../application/payment.ports';

const claimSchema = new Schema<IdempotencyRecord>(
  {
    key: { type: String, required: true },
    requestHash: { type: String, required: true },
    createdAt: { type: Date, required: true },
    paymentId: { type: String, default: null },
    answered: { type: Boolean, default: false },
    errorCode: { type: String, default: null },
    errorKind: { type: String, default: null },
  },
  { collection: 'idempotency_keys', versionKey: false },
);
// The first request with a key wins this insert; later ones read what it stored.
claimSchema.index({ key: 1 }, { unique: true });

export class MongoIdempotencyStore implements IdempotencyStore {
  private readonly model: mongoose.Model<IdempotencyRecord>;

  constructor(connection: mongoose.Connection) {
    this.model = connection.models.IdempotencyKey ?? connection.model<IdempotencyRecord>('IdempotencyKey', claimSchema);
  }

  async claim(record: IdempotencyRecord): Promise<{ claimed: true } | { claimed: false; existing: IdempotencyRecord }> {
    try {
      await this.model.collection.insertOne({ ...record });
      return { claimed: true };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const existing = await this.model.findOne({ key: record.key }, { _id: 0 }).lean<IdempotencyRecord>().exec();
      if (!existing) throw error;
      return { claimed: false, existing: { ...existing, createdAt: new Date(existing.createdAt) } };
    }
  }

  async find(key: string): Promise<IdempotencyRecord | null> {
    const found = await this.model.findOne({ key }, { _id: 0 }).lean<IdempotencyRecord>().exec();
    return found ? { ...found, createdAt: new Date(found.createdAt) } : null;
  }

  async update(key: string, fields: Partial<IdempotencyRecord>): Promise<void> {
    await this.model.updateOne({ key }, { $set: fields }).exec();
  }

  async release(key: string): Promise<void> {
    await this.model.deleteOne({ key }).exec();
  }
}
