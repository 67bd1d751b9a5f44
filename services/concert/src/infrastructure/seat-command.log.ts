import mongoose, { Schema } from 'mongoose';
import { isDuplicateKey } from '@concert/stream-store';
import type { SeatCommandEntry, SeatCommandLog } from '../application/concert.ports';

/** An entry as stored: `outbox` is the relay's flag. */
type StoredEntry = SeatCommandEntry & { outbox: boolean };

const entrySchema = new Schema<StoredEntry>(
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
    // true until the relay has published the entry: the relay's poll is this equality, which FerretDB
    // pushes down (a filter on publishedAt: null would read the whole collection every poll).
    outbox: { type: Boolean, default: true },
  },
  { collection: 'seat_commands', versionKey: false },
);
entrySchema.index({ commandId: 1 }, { unique: true });
// The outbox relay's query: replies not yet published.
entrySchema.index({ outbox: 1 });

/**
 * seat_commands: the first answer to every saga command, unique by commandId. The hot path only inserts
 * (a unique insert is checked by the index even on FerretDB); the scan by commandId happens on replays.
 */
export class MongoSeatCommandLog implements SeatCommandLog {
  readonly model: mongoose.Model<StoredEntry>;
  /** Entries this process just stored, until the relay's fast path takes them (so it need not read them back). */
  private readonly stored = new Map<string, SeatCommandEntry>();

  constructor(connection: mongoose.Connection) {
    this.model = connection.model<StoredEntry>('SeatCommand', entrySchema);
  }

  async record(entry: SeatCommandEntry): Promise<SeatCommandEntry> {
    try {
      await this.model.collection.insertOne({ ...entry, outbox: true });
      this.stored.set(entry.commandId, entry);
      return entry;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const first = await this.model.findOne({ commandId: entry.commandId }, { _id: 0 }).lean<SeatCommandEntry>();
      if (!first) throw error;
      return first;
    }
  }

  /** The entries among `commandIds` this process stored and nobody took yet; each is handed out once. */
  takeStored(commandIds: string[]): SeatCommandEntry[] {
    return commandIds.flatMap((id) => {
      const entry = this.stored.get(id);
      this.stored.delete(id);
      return entry ? [entry] : [];
    });
  }

  /** Entries stored before the outbox flag existed and never published get it (once, at start). */
  async flagOldUnpublished(): Promise<void> {
    await this.model.collection.updateMany({ outbox: { $exists: false }, publishedAt: null }, { $set: { outbox: true } });
  }
}
