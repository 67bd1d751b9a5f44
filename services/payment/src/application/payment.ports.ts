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
  /**
   * While the saga is open (isOpen): the version of the record that opened it, the only one the
   * sweeper's `open: true` query finds; null once closed. The step that closes the saga clears that
   * record's flag (one update per open period instead of one per step).
   * Absent on records written before this field existed (then the head itself carries the flag).
   */
  opener?: number | null;
}

/**
 * An insert whose outcome is unknown: it reached the store but its answer did not come back (the
 * connection dropped or timed out). It may have landed; inserting it again tells (a duplicate key).
 */
export class WriteOutcomeUnknown extends Error {
  constructor(override readonly cause: unknown) {
    super(`write outcome unknown: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'WriteOutcomeUnknown';
  }
}

export interface SagaStore {
  head(sagaId: string): Promise<SagaEvent | null>;
  history(sagaId: string): Promise<SagaEvent[]>;
  /**
   * Inserts the event; a taken (sagaId, version) rejects with the duplicate-key error, an insert that
   * may have landed without an answer with WriteOutcomeUnknown.
   */
  append(event: SagaEvent): Promise<void>;
  /** The record no longer opens a live saga (best effort: a stale flag only costs the sweeper a read). */
  clearOpen(sagaId: string, version: number): Promise<void>;
  /**
   * The openers of every live saga, each with its own deadline: a lower bound of the head's (every
   * step moves the deadline forward). Found by an equality on the open flag, the one filter FerretDB
   * pushes down; the caller orders them.
   */
  openSagas(): Promise<OpenSaga[]>;
}

export interface OpenSaga {
  sagaId: string;
  /** The version of the record that opened it (carries the open flag). */
  version: number;
  deadlineAt: Date | null;
}

/** Publishes the command of a freshly stored event now (the relay's fast path; the poll is the safety net). */
export interface CommandOutbox {
  publish(event: SagaEvent): Promise<void>;
}

/**
 * What the first request with an Idempotency-Key decided, written once and never updated: the
 * payment it started (its saga may still be running), or the final error it answered.
 */
export interface IdempotencyRecord {
  key: string;
  requestHash: string;
  createdAt: Date;
  paymentId: string | null;
  errorCode: string | null;
  errorKind: string | null;
}

export interface IdempotencyStore {
  /** Inserts the record, or returns the one stored first under the same key. */
  insert(record: IdempotencyRecord): Promise<{ inserted: true } | { inserted: false; existing: IdempotencyRecord }>;
  find(key: string): Promise<IdempotencyRecord | null>;
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
  /** `timeoutMs` overrides the client's default deadline. */
  expireToken(concertCode: string, tokenId: string, reason: string, timeoutMs?: number): Promise<void>;
}

export type Clock = () => Date;

export type { SagaDecision };
