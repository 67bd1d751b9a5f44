import type { HoldClaim, SeatRecord, SeatRecordType } from './seat-record';
import { recordAtClaim, recordsOf } from './seat-rules';

/**
 * The saga's commands on a seat. A decision is taken from the seat's history and, when it changes the
 * seat, lands as one append at head + 1: a racing hold of an expiring seat takes the same version, so
 * exactly one of them wins. A replay finds the record its command id left and answers the same.
 */
export type CommandKind = 'CONFIRM' | 'RELEASE';
export type CommandOutcome = 'OK' | 'REJECTED';
export type RejectionReason = 'RESERVATION_NOT_FOUND' | 'SEAT_HOLD_EXPIRED';

export type CommandDecision =
  | { act: 'append'; record: SeatRecord; outcome: CommandOutcome; reason: RejectionReason | null }
  | { act: 'answer'; outcome: CommandOutcome; reason: RejectionReason | null };

export interface CommandInput {
  reservationId: string;
  commandId: string;
  sagaId: string;
  now: Date;
}

const answer = (outcome: CommandOutcome, reason: RejectionReason | null = null): CommandDecision => ({ act: 'answer', outcome, reason });

function follow(base: SeatRecord, type: SeatRecordType, version: number, input: CommandInput): SeatRecord {
  return { ...base, type, version, commandId: input.commandId, sagaId: input.sagaId, at: input.now };
}

/** A fence left by this command: the hold had expired, or (pending claim) was never written. */
const rejectionOfFence = (history: SeatRecord[], input: CommandInput): RejectionReason =>
  recordsOf(history, input.reservationId).some((r) => r.type === 'HELD') ? 'SEAT_HOLD_EXPIRED' : 'RESERVATION_NOT_FOUND';

/** Confirm: the hold becomes SOLD only if it is still the head and unexpired at this moment. */
export function decideConfirm(history: SeatRecord[], input: CommandInput): CommandDecision {
  const done = history.find((r) => r.commandId === input.commandId);
  if (done) return done.type === 'SOLD' ? answer('OK') : answer('REJECTED', rejectionOfFence(history, input));
  if (recordsOf(history, input.reservationId).length === 0) return answer('REJECTED', 'RESERVATION_NOT_FOUND');
  const head = history.at(-1)!;
  if (head.reservationId !== input.reservationId || head.type !== 'HELD') return answer('REJECTED', 'SEAT_HOLD_EXPIRED');
  if (input.now < head.expiresAt) return { act: 'append', record: follow(head, 'SOLD', head.version + 1, input), outcome: 'OK', reason: null };
  // Expired but still the head: fence it, so a delivery of this command that read it as live cannot sell it.
  return { act: 'append', record: follow(head, 'EXPIRED', head.version + 1, input), outcome: 'REJECTED', reason: 'SEAT_HOLD_EXPIRED' };
}

/** Release: frees the seat if this reservation still holds or bought it; otherwise nothing to undo. */
export function decideRelease(history: SeatRecord[], input: CommandInput): CommandDecision {
  const done = history.find((r) => r.commandId === input.commandId);
  if (done) return done.type === 'EXPIRED' && rejectionOfFence(history, input) === 'RESERVATION_NOT_FOUND' ? answer('REJECTED', 'RESERVATION_NOT_FOUND') : answer('OK');
  if (recordsOf(history, input.reservationId).length === 0) return answer('REJECTED', 'RESERVATION_NOT_FOUND');
  const head = history.at(-1)!;
  if (head.reservationId === input.reservationId && (head.type === 'HELD' || head.type === 'SOLD')) {
    return { act: 'append', record: follow(head, 'RELEASED', head.version + 1, input), outcome: 'OK', reason: null };
  }
  return answer('OK');
}

/**
 * A claim whose HELD was never written (its writer died, or has not got there yet): a command about it
 * writes an EXPIRED record at the claimed version, so the hold can never appear after the answer.
 */
export const fenceOfPendingClaim = (claim: HoldClaim, input: CommandInput): SeatRecord =>
  recordAtClaim(claim, 'EXPIRED', { commandId: input.commandId, sagaId: input.sagaId, at: input.now });
