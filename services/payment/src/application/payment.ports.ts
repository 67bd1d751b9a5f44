import type { SagaCommand, SagaDecision } from '../domain/saga-transitions';
import type { SagaState } from '../domain/saga-state';

/** One stored step of a saga stream (sagaId, version): timeline entry, state after it, its outbox. */
export interface SagaEvent {
  sagaId: string;
  version: number;
  name: string;
  service: string;
  outcome: string;
  detail: string;
  at: Date;
  state: SagaState;
  /** The command this step sends (published by the outbox relay), or null. */
  command: (SagaCommand & { messageId: string }) | null;
  /** The message that caused this step (for the record; idempotency comes from the saga state). */
  causationId: string | null;
}

export interface SagaStore {
  head(sagaId: string): Promise<SagaEvent | null>;
  history(sagaId: string): Promise<SagaEvent[]>;
  /** Inserts the event; a taken (sagaId, version) rejects with the duplicate-key error. */
  append(event: SagaEvent): Promise<void>;
  /** The superseded head no longer needs the sweeper (best effort: a stale flag only costs a re-read). */
  markSuperseded(sagaId: string, version: number): Promise<void>;
  /** Events flagged open whose deadline has passed (usually heads; a stale flag is cleared on sight). */
  overdue(now: Date, limit: number): Promise<{ sagaId: string; version: number }[]>;
}

/** Publishes the command of a freshly stored event now (the relay's fast path; the poll is the safety net). */
export interface CommandOutbox {
  publish(event: SagaEvent): Promise<void>;
}

export interface IdempotencyRecord {
  key: string;
  requestHash: string;
  createdAt: Date;
  paymentId: string | null;
  answered: boolean;
  errorCode: string | null;
  errorKind: string | null;
}

export interface IdempotencyStore {
  /** Inserts the claim, or returns the one stored first under the same key. */
  claim(record: IdempotencyRecord): Promise<{ claimed: true } | { claimed: false; existing: IdempotencyRecord }>;
  find(key: string): Promise<IdempotencyRecord | null>;
  /** Only the claim's owner writes these. */
  update(key: string, fields: Partial<Pick<IdempotencyRecord, 'paymentId' | 'answered' | 'errorCode' | 'errorKind'>>): Promise<void>;
  release(key: string): Promise<void>;
}

export interface ActiveHold {
  reservationId: string;
  status: string;
  concertDate: string;
  seatNumber: number;
  price: number;
  expiresAt: string;
  userId: string;
}

export interface ConcertPort {
  getActiveHold(concertCode: string, userId: string): Promise<ActiveHold>;
}

export interface WalletPort {
  getBalance(userId: string): Promise<number>;
}

export interface QueuePort {
  expireToken(concertCode: string, tokenId: string, reason: string): Promise<void>;
}

export type Clock = () => Date;

export type { SagaDecision };
