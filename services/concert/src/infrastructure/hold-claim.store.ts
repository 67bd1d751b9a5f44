import type mongoose from 'mongoose';
import type { HoldClaimStore } from '../application/concert.ports';
import { holderIdOf, type HoldClaim } from '../domain/seat-record';
import { claimPartitionName, PartitionIndexes, readOptions } from './partitions';

/** Claim streams `(holderId, version)`, one collection per concert. */
export class MongoHoldClaimStore implements HoldClaimStore {
  private readonly indexes: PartitionIndexes;
  private readonly reads: ReturnType<typeof readOptions>;

  constructor(private readonly connection: mongoose.Connection) {
    this.reads = readOptions(connection, { _id: 0 });
    this.indexes = new PartitionIndexes(connection, [
      { key: { holderId: 1, version: 1 }, unique: true },
      { key: { commandId: 1 }, unique: true },
      { key: { reservationId: 1 } },
    ]);
  }

  private collection(concertCode: string) {
    return this.connection.collection<HoldClaim>(claimPartitionName(concertCode));
  }

  preparePartition(concertCode: string): Promise<void> {
    return this.indexes.ensure(claimPartitionName(concertCode));
  }

  async head(concertCode: string, userId: string): Promise<HoldClaim | null> {
    const [head] = await this.collection(concertCode)
      .find({ holderId: holderIdOf(concertCode, userId) }, this.reads)
      .sort({ version: -1 })
      .limit(1)
      .toArray();
    return head ?? null;
  }

  byReservation(concertCode: string, reservationId: string): Promise<HoldClaim | null> {
    return this.collection(concertCode).findOne({ reservationId }, this.reads);
  }

  async append(claim: HoldClaim): Promise<void> {
    await this.preparePartition(claim.concertCode);
    await this.collection(claim.concertCode).insertOne({ ...claim });
  }
}
