import { createHash } from 'node:crypto';

export type PaymentStatus = 'PENDING' | 'COMPLETED' | 'FAILED';
/** What the saga waits for next; DONE once nothing is outstanding for the payment itself. */
export type SagaStep = 'CONFIRM_SEAT' | 'DEBIT_WALLET' | 'EXPIRE_TOKEN' | 'RELEASE_SEAT' | 'DONE';
export type DebitState = 'NONE' | 'REQUESTED' | 'DEBITED' | 'REJECTED';
export type RefundState = 'NONE' | 'REQUESTED' | 'REFUNDED' | 'REJECTED';

export interface SagaState {
  sagaId: string;
  /** The fan's handle on the payment; equal to the saga id (one saga per payment). */
  paymentId: string;
  userId: string;
  concertCode: string;
  reservationId: string;
  tokenId: string;
  amount: number;
  concertDate: string;
  seatNumber: number;
  /** The request that started the saga; every message and log line of the saga carries it. */
  requestId: string;
  /** The Idempotency-Key record (`userId:key`) of the request that started it, or null: tells a repeat of that request from another payment of the same hold. */
  requestKey: string | null;
  status: PaymentStatus;
  step: SagaStep;
  debit: DebitState;
  refund: RefundState;
  /** Why the payment failed (an error code of the contract), or null. */
  reason: string | null;
  /** The balance right after the debit. */
  balance: number | null;
  /** When the current step is overdue (the sweeper acts then); null when nothing is outstanding. */
  deadlineAt: Date | null;
  /** How often the current step's command was sent again for want of an answer (its backoff). */
  attempts: number;
  startedAt: Date;
}

/** Command ids are fixed per saga and step, so every retry of a step is the same command. */
export const commandIdOf = (sagaId: string, step: 'confirm-seat' | 'debit' | 'release-seat' | 'refund'): string => `${sagaId}:${step}`;

/**
 * One saga per reservation: the saga id is derived from the reservation id, so two payments of the
 * same hold race for the same (sagaId, version 1) insert and exactly one wins.
 */
export function sagaIdOfReservation(reservationId: string): string {
  const hex = createHash('sha256').update(`payment:${reservationId}`).digest('hex');
  // Shaped like a UUID (version nibble 5, RFC 4122 variant) so it reads like every other id.
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The saga still needs something from the sweeper: the payment is running, or a refund is owed. */
export const isOpen = (state: SagaState): boolean => state.status === 'PENDING' || state.refund === 'REQUESTED';
