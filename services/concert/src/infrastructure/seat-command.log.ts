import mongoose, { Schema } from 'mongoose';
import { isDuplicateKey } from '@concert/stream-store';
import type { SeatCommandEntry, SeatCommandLog } from '../application/concert.ports';

const entrySchema = new Schema<SeatCommandEntry>(
  {
    commandId: { type: String, required: true },
    kind: { type: String, required: true },
    outcome: { type: String, required: true },
    reason: { type: String, default: null },
    reservationId: { type: String, required: true },
    sagaId: { type: String, default: '' },
    correlationId: { type: String, default: '' },
    reservation: { type: Schema.Types.Mixed, default: null },
    createdAt: { type: Date, required: true },
    publishedAt: { type: Date, default: null },
  },
  { collection: 'seat_commands', versionKey: false },
);
entrySchema.index({ commandId: 1 }, { unique: true });
// The outbox relay's query: replies not yet published.
entrySchema.index({ publishedAt: 1 });

/**
 * seat_commands: the first answer to every saga command, unique by commandId. The hot path only inserts
 * (a unique insert is checked by the index even on FerretDB); the scan by commandId happens on replays.
 */
export class MongoSeatCommandLog implements SeatCommandLog {
  private readonly model: mongoose.Model<SeatCommandEntry>;

  constructor(connection: mongoose.Connection) {
    this.model = connection.model<SeatCommandEntry>('SeatCommand', entrySchema);
  }

  async record(entry: SeatCommandEntry): Promise<SeatCommandEntry> {
    try {
      await this.model.collection.insertOne({ ...entry });
      return entry;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const first = await this.model.findOne({ commandId: entry.commandId }, { _id: 0 }).lean<SeatCommandEntry>();
      if (!first) throw error;
      return first;
    }
  }
}
