import type mongoose from 'mongoose';
import type { HoldClaimStore } from '../application/concert.ports';
import { holderIdOf, type HoldClaim } from '../domain/seat-record';
import { claimPartitionName, PartitionIndexes } from './partitions';

const NO_ID = { projection: { _id: 0 } } as const;

/** Claim streams `(holderId, version)`, one collection per concert. */
export class MongoHoldClaimStore implements HoldClaimStore {
  private readonly indexes: PartitionIndexes;

  constructor(private readonly connection: mongoose.Connection) {
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
      .find({ holderId: holderIdOf(concertCode, userId) }, NO_ID)
      .sort({ version: -1 })
      .limit(1)
      .toArray();
    return head ?? null;
  }

  byReservation(concertCode: string, reservationId: string): Promise<HoldClaim | null> {
    return this.collection(concertCode).findOne({ reservationId }, NO_ID);
  }

  async append(claim: HoldClaim): Promise<void> {
    await this.preparePartition(claim.concertCode);
    await this.collection(claim.concertCode).insertOne({ ...claim });
  }
}
