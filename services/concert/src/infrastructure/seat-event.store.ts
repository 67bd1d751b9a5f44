import type mongoose from 'mongoose';
import type { SeatStore } from '../application/concert.ports';
import { seatIdOf, type SeatAddress } from '../domain/seat-id';
import type { SeatRecord } from '../domain/seat-record';
import { PartitionIndexes, readOptions, seatPartitionName } from './partitions';

/** A seat record as stored: `listed` tells the availability lists whether to read it (see unlist). */
type StoredSeatRecord = SeatRecord & { listed: boolean };

/** Seat streams, one collection per concert date, through the native driver (no hydration cost). */
export class MongoSeatStore implements SeatStore {
  private readonly indexes: PartitionIndexes;
  /** Records without their storage fields, within the connection's time limit. */
  private readonly reads: ReturnType<typeof readOptions>;

  constructor(private readonly connection: mongoose.Connection) {
    this.reads = readOptions(connection, { _id: 0, listed: 0 });
    this.indexes = new PartitionIndexes(connection, [
      { key: { seatId: 1, version: 1 }, unique: true },
      { key: { commandId: 1 }, unique: true },
      { key: { reservationId: 1 } },
      { key: { listed: 1 } },
    ]);
  }

  private collection(concertCode: string, concertDate: string) {
    return this.connection.collection<StoredSeatRecord>(seatPartitionName(concertCode, concertDate));
  }

  async preparePartition(concertCode: string, concertDate: string): Promise<void> {
    await this.indexes.ensure(seatPartitionName(concertCode, concertDate));
  }

  /** Records written before `listed` existed are listed (the seed runs this at every local start). */
  async backfillListed(concertCode: string, concertDate: string): Promise<void> {
    await this.collection(concertCode, concertDate).updateMany({ listed: { $exists: false } }, { $set: { listed: true } });
  }

  recordsOfDate(concertCode: string, concertDate: string): Promise<SeatRecord[]> {
    // An equality filter: FerretDB pushes it down to PostgreSQL and decodes only the listed records.
    return this.collection(concertCode, concertDate).find({ listed: true }, this.reads).toArray();
  }

  async unlist(records: SeatRecord[]): Promise<void> {
    const first = records[0];
    if (!first) return;
    // One update per seat: every listed record of it up to the highest version given (the equality
    // parts are pushed down, so FerretDB decodes only that seat's listed records).
    const upTo = new Map<string, number>();
    for (const r of records) upTo.set(r.seatId, Math.max(upTo.get(r.seatId) ?? 0, r.version));
    await this.collection(first.concertCode, first.concertDate).bulkWrite(
      [...upTo].map(([seatId, version]) => ({
        updateMany: { filter: { seatId, listed: true, version: { $lte: version } }, update: { $set: { listed: false } } },
      })),
      { ordered: false },
    );
  }

  async head(seat: SeatAddress): Promise<SeatRecord | null> {
    const [head] = await this.collection(seat.concertCode, seat.concertDate)
      .find({ seatId: seatIdOf(seat) }, this.reads)
      .sort({ version: -1 })
      .limit(1)
      .toArray();
    return head ?? null;
  }

  history(seat: SeatAddress): Promise<SeatRecord[]> {
    return this.collection(seat.concertCode, seat.concertDate).find({ seatId: seatIdOf(seat) }, this.reads).sort({ version: 1 }).toArray();
  }

  async append(record: SeatRecord): Promise<void> {
    await this.preparePartition(record.concertCode, record.concertDate);
    await this.collection(record.concertCode, record.concertDate).insertOne({ ...record, listed: true });
  }
}
