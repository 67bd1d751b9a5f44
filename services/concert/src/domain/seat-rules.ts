import { ConcertErrors } from './concert.errors';
import { holdCommandId, type HoldClaim, type SeatRecord, type SeatRecordType } from './seat-record';

/** What a seat is now, from its head record: an expired hold is simply free. */
export type SeatState =
  | { kind: 'FREE'; version: number }
  | { kind: 'HELD'; version: number; head: SeatRecord }
  | { kind: 'SOLD'; version: number; head: SeatRecord };

export function seatState(head: SeatRecord | null | undefined, now: Date): SeatState {
  if (!head) return { kind: 'FREE', version: 0 };
  if (head.type === 'SOLD') return { kind: 'SOLD', version: head.version, head };
  if (head.type === 'HELD' && now < head.expiresAt) return { kind: 'HELD', version: head.version, head };
  return { kind: 'FREE', version: head.version };
}

/** The version a new hold must take, or the 409 a fan gets for a taken seat. */
export function nextHoldVersion(state: SeatState): number {
  if (state.kind === 'SOLD') throw ConcertErrors.seatAlreadySold();
  if (state.kind === 'HELD') throw ConcertErrors.seatAlreadyHeld();
  return state.version + 1;
}

/** Heads of many seats from their records in any order (one query per date partition). */
export function headsBySeat(records: Iterable<SeatRecord>): Map<number, SeatRecord> {
  const heads = new Map<number, SeatRecord>();
  for (const r of records) {
    const known = heads.get(r.seatNumber);
    if (!known || known.version < r.version) heads.set(r.seatNumber, r);
  }
  return heads;
}

export type ReservationStatus = 'HELD' | 'CONFIRMED' | 'EXPIRED' | 'RELEASED';

const STATUS_OF: Record<SeatRecordType, ReservationStatus> = {
  HELD: 'HELD',
  SOLD: 'CONFIRMED',
  RELEASED: 'RELEASED',
  EXPIRED: 'EXPIRED',
};

/** A reservation's status from its own records (oldest first); a hold past expiresAt is EXPIRED. */
export function reservationStatus(own: SeatRecord[], now: Date): ReservationStatus | null {
  const last = own.at(-1);
  if (!last) return null;
  if (last.type === 'HELD' && now >= last.expiresAt) return 'EXPIRED';
  return STATUS_OF[last.type];
}

export const recordsOf = (history: SeatRecord[], reservationId: string): SeatRecord[] =>
  history.filter((r) => r.reservationId === reservationId);

/**
 * Where a fan's latest claim stands, from the history of the claimed seat (oldest first):
 *   PENDING  the HELD is being written (its seat version is still free): it blocks a second hold
 *   HELD     a live hold: it blocks a second hold
 *   LOST     another record took the claimed version: the fan lost that race
 *   EXPIRED | CONFIRMED | RELEASED  over; the fan may hold again
 */
export type ClaimState = 'PENDING' | 'LOST' | ReservationStatus;

export function claimState(claim: HoldClaim, history: SeatRecord[], now: Date): ClaimState {
  const status = reservationStatus(recordsOf(history, claim.reservationId), now);
  if (status) return status;
  if (history.some((r) => r.version === claim.seatVersion)) return 'LOST';
  return now < claim.expiresAt ? 'PENDING' : 'EXPIRED';
}

export const claimIsLive = (state: ClaimState): boolean => state === 'PENDING' || state === 'HELD';

/** The seat record a claim stands for, at the seat version the claim names. */
export function recordAtClaim(claim: HoldClaim, type: 'HELD' | 'EXPIRED', cause: { commandId: string; sagaId: string; at: Date }): SeatRecord {
  return {
    seatId: claim.seatId,
    version: claim.seatVersion,
    type,
    concertCode: claim.concertCode,
    concertDate: claim.concertDate,
    seatNumber: claim.seatNumber,
    reservationId: claim.reservationId,
    userId: claim.userId,
    price: claim.price,
    expiresAt: claim.expiresAt,
    ...cause,
  };
}

export const heldRecordOf = (claim: HoldClaim, now: Date): SeatRecord =>
  recordAtClaim(claim, 'HELD', { commandId: holdCommandId(claim.reservationId), sagaId: '', at: now });

/**
 * Records a date's availability list may stop reading, from what it read (the listed records): those
 * a higher version of the same seat supersedes, which can never be the head again. Heads stay listed
 * (at most one per seat), so a seat with no listed record has never had one.
 */
export function unlistable(listed: SeatRecord[]): SeatRecord[] {
  const heads = headsBySeat(listed);
  return listed.filter((r) => heads.get(r.seatNumber) !== r);
}
