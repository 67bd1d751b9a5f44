import type { Concert } from '../domain/catalog';
import type { SeatAddress } from '../domain/seat-id';
import type { HoldClaim, SeatRecord } from '../domain/seat-record';

export interface CatalogRepository {
  listConcerts(): Promise<{ concertCode: string; title: string }[]>;
  findConcert(concertCode: string): Promise<Concert | null>;
  /** Seeding only: writes the whole concert (one writer). */
  saveConcert(concert: Concert): Promise<void>;
}

/**
 * The seat streams. Appends reject a taken `(seatId, version)` or `commandId` with a duplicate-key
 * error (11000): the caller re-reads and decides again (retryOnConflict).
 */
export interface SeatStore {
  /** Creates the partition of a date with its unique indexes (before any write to it). */
  preparePartition(concertCode: string, concertDate: string): Promise<void>;
  /**
   * The listed records of one date, in one query: the heads of its 50 seats are computed from them.
   * A record is listed when appended; only records that can never be a seat's busy head are unlisted.
   */
  recordsOfDate(concertCode: string, concertDate: string): Promise<SeatRecord[]>;
  /** Stops listing these records (a read optimisation only: the streams themselves never change). */
  unlist(records: SeatRecord[]): Promise<void>;
  head(seat: SeatAddress): Promise<SeatRecord | null>;
  /** A seat's records, oldest first. */
  history(seat: SeatAddress): Promise<SeatRecord[]>;
  append(record: SeatRecord): Promise<void>;
}

/** The per-(concert, fan) claim streams that keep one unpaid hold per fan and concert. */
export interface HoldClaimStore {
  preparePartition(concertCode: string): Promise<void>;
  head(concertCode: string, userId: string): Promise<HoldClaim | null>;
  byReservation(concertCode: string, reservationId: string): Promise<HoldClaim | null>;
  append(claim: HoldClaim): Promise<void>;
}

export type Clock = () => Date;
