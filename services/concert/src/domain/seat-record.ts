/**
 * One record of a seat's stream `(seatId, version)`. Every record names the reservation it concerns,
 * so a reservation's history is the seat records carrying its id. Every field is always present
 * (a unique index counts a missing field as null): `sagaId` is '' outside a saga.
 *   HELD      a fan holds the seat until expiresAt (no job frees it: readers compare with now)
 *   SOLD      the saga confirmed the hold; the seat is sold for good unless the saga releases it
 *   RELEASED  the saga gave the seat back (payment failed) or dropped a hold
 *   EXPIRED   a confirm came too late and fenced the expired hold, so no replay can still sell it
 */
export type SeatRecordType = 'HELD' | 'SOLD' | 'RELEASED' | 'EXPIRED';

export interface SeatRecord {
  seatId: string;
  version: number;
  type: SeatRecordType;
  concertCode: string;
  concertDate: string;
  seatNumber: number;
  reservationId: string;
  userId: string;
  price: number;
  expiresAt: Date;
  /** The command that appended the record, unique per partition: `hold:<reservationId>` for a hold. */
  commandId: string;
  sagaId: string;
  at: Date;
}

/**
 * A fan's claim on their one unpaid hold of a concert: the stream `(holderId, version)` per
 * (concert, fan). A claim names the seat version its HELD record must take; it is live while that
 * HELD is live, or while that version is still untaken (the hold is being written).
 */
export interface HoldClaim {
  holderId: string;
  version: number;
  concertCode: string;
  userId: string;
  reservationId: string;
  concertDate: string;
  seatNumber: number;
  seatId: string;
  seatVersion: number;
  price: number;
  expiresAt: Date;
  commandId: string;
  at: Date;
}

export const holderIdOf = (concertCode: string, userId: string): string => `${concertCode}|${userId}`;
export const holdCommandId = (reservationId: string): string => `hold:${reservationId}`;
export const claimCommandId = (reservationId: string): string => `claim:${reservationId}`;
