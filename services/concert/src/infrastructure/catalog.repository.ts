import mongoose, { Schema } from 'mongoose';
import type { CatalogRepository } from '../application/concert.ports';
import type { Concert } from '../domain/catalog';

const concertSchema = new Schema<Concert>(
  {
    concertCode: { type: String, required: true },
    title: { type: String, required: true },
    dates: [{ _id: false, concertDate: { type: String, required: true }, prices: { type: [Number], required: true } }],
  },
  { collection: 'concerts', versionKey: false },
);
concertSchema.index({ concertCode: 1 }, { unique: true });

/** How long a found concert is served from memory: every hold reads it, and it changes only by seeding. */
const CACHE_MS = 2_000;

export class MongoCatalogRepository implements CatalogRepository {
  private readonly model: mongoose.Model<Concert>;
  /** Found concerts, and lookups in flight, so a rush of fans costs one query per concert and period. */
  private readonly cache = new Map<string, { concert: Promise<Concert | null>; until: number }>();

  constructor(connection: mongoose.Connection) {
    this.model = connection.model<Concert>('Concert', concertSchema);
  }

  async listConcerts() {
    const all = await this.model.find({}, { _id: 0, concertCode: 1, title: 1 }).sort({ concertCode: 1 }).lean();
    return all.map((c) => ({ concertCode: c.concertCode, title: c.title }));
  }

  findConcert(concertCode: string): Promise<Concert | null> {
    const cached = this.cache.get(concertCode);
    if (cached && cached.until > Date.now()) return cached.concert;
    const concert = this.model.findOne({ concertCode }, { _id: 0 }).lean<Concert>().exec();
    const entry = { concert, until: Number.POSITIVE_INFINITY };
    this.cache.set(concertCode, entry);
    // Unknown concerts are not remembered, so one seeded after start is found at once.
    const settle = (found: Concert | null) => {
      if (found) entry.until = Date.now() + CACHE_MS;
      else if (this.cache.get(concertCode) === entry) this.cache.delete(concertCode);
    };
    concert.then(settle, () => settle(null));
    return concert;
  }

  async saveConcert(concert: Concert): Promise<void> {
    await this.model.replaceOne({ concertCode: concert.concertCode }, concert, { upsert: true });
    this.cache.delete(concert.concertCode);
  }
}
