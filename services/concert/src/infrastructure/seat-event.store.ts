import type mongoose from 'mongoose';
import type { SeatStore } from '../application/concert.ports';
import { seatIdOf, type SeatAddress } from '../domain/seat-id';
import type { SeatRecord } from '../domain/seat-record';
import { PartitionIndexes, seatPartitionName } from './partitions';

const NO_ID = { projection: { _id: 0 } } as const;

/** Seat streams, one collection per concert date, through the native driver (no hydration cost). */
export class MongoSeatStore implements SeatStore {
  private readonly indexes: PartitionIndexes;

  constructor(private readonly connection: mongoose.Connection) {
    this.indexes = new PartitionIndexes(connection, [
      { key: { seatId: 1, version: 1 }, unique: true },
      { key: { commandId: 1 }, unique: true },
      { key: { reservationId: 1 } },
    ]);
  }

  private collection(concertCode: string, concertDate: string) {
    return this.connection.collection<SeatRecord>(seatPartitionName(concertCode, concertDate));
  }

  preparePartition(concertCode: string, concertDate: string): Promise<void> {
    return this.indexes.ensure(seatPartitionName(concertCode, concertDate));
  }

  recordsOfDate(concertCode: string, concertDate: string): Promise<SeatRecord[]> {
    return this.collection(concertCode, concertDate).find({}, NO_ID).toArray();
  }

  async head(seat: SeatAddress): Promise<SeatRecord | null> {
    const [head] = await this.collection(seat.concertCode, seat.concertDate)
      .find({ seatId: seatIdOf(seat) }, NO_ID)
      .sort({ version: -1 })
      .limit(1)
      .toArray();
    return head ?? null;
  }

  history(seat: SeatAddress): Promise<SeatRecord[]> {
    return this.collection(seat.concertCode, seat.concertDate).find({ seatId: seatIdOf(seat) }, NO_ID).sort({ version: 1 }).toArray();
  }

  async append(record: SeatRecord): Promise<void> {
    await this.preparePartition(record.concertCode, record.concertDate);
    await this.collection(record.concertCode, record.concertDate).insertOne({ ...record });
  }
}
