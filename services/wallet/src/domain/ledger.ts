import { DomainError } from '@concert/errors';

/**
 * A user's wallet is an append-only stream of ledger records, version 0 (OPENED) upwards. Each record
 * keeps the balance right after it, so the head record alone tells the balance, and a replayed
 * command can be answered from the record it caused.
 */
export type LedgerKind = 'OPENED' | 'CHARGED' | 'DEBITED' | 'DEBIT_REJECTED' | 'REFUNDED';

/** Kinds a payment saga causes; each is answered to the saga over the broker. */
export const SAGA_KINDS: readonly LedgerKind[] = ['DEBITED', 'DEBIT_REJECTED', 'REFUNDED'];

export interface LedgerRecord {
  userId: string;
  version: number;
  kind: LedgerKind;
  /** The amount the command asked for (0 for OPENED); a DEBIT_REJECTED keeps it too. */
  amount: number;
  /** Balance right after this record; never negative. */
  balance: number;
  /** Unique over the whole ledger: a repeated command finds the record it caused. */
  commandId: string;
  createdAt: Date;
  /** OPENED only: the SHA-256 of the user's key (domain/user-key); the key itself is never stored. */
  keyHash?: string;
  /** Saga records only. */
  sagaId?: string;
  correlationId?: string | null;
}

export const MAX_CHARGE = 10_000_000;

export function assertChargeAmount(amount: number): void {
  if (!Number.isInteger(amount) || amount <= 0 || amount > MAX_CHARGE) {
    throw new DomainError('INVALID_AMOUNT', 'invalid_argument', `amount must be an integer from 1 to ${MAX_CHARGE}`);
  }
}

/** Debits and refunds carry seat prices: any positive integer the ledger can add exactly. */
export function assertSagaAmount(amount: number): void {
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    throw new DomainError('INVALID_AMOUNT', 'invalid_argument', 'amount must be a positive integer');
  }
}

export function opened(userId: string, commandId: string, now: Date, keyHash?: string): LedgerRecord {
  return { userId, version: 0, kind: 'OPENED', amount: 0, balance: 0, commandId, createdAt: now, ...(keyHash ? { keyHash } : {}) };
}

export function charged(head: LedgerRecord, amount: number, commandId: string, now: Date): LedgerRecord {
  assertChargeAmount(amount);
  return next(head, { kind: 'CHARGED', amount, balance: head.balance + amount, commandId, createdAt: now });
}

export interface SagaContext {
  sagaId: string;
  correlationId: string | null;
}

/** Takes `amount` if the balance covers it; otherwise records the rejection, balance unchanged. */
export function debited(head: LedgerRecord, amount: number, commandId: string, saga: SagaContext, now: Date): LedgerRecord {
  assertSagaAmount(amount);
  const covered = head.balance >= amount;
  return next(head, {
    kind: covered ? 'DEBITED' : 'DEBIT_REJECTED',
    amount,
    balance: covered ? head.balance - amount : head.balance,
    commandId,
    createdAt: now,
    ...sagaFields(saga),
  });
}

export function refunded(head: LedgerRecord, amount: number, commandId: string, saga: SagaContext, now: Date): LedgerRecord {
  assertSagaAmount(amount);
  return next(head, { kind: 'REFUNDED', amount, balance: head.balance + amount, commandId, createdAt: now, ...sagaFields(saga) });
}

/**
 * A command id that already caused a record answers with that record, but only when it is the same
 * command: another user, kind or amount under the same id is a reused key, never silently accepted.
 */
export function assertSameCommand(existing: LedgerRecord, expected: { userId: string; amount: number; kinds: readonly LedgerKind[] }): void {
  if (existing.userId !== expected.userId || existing.amount !== expected.amount || !expected.kinds.includes(existing.kind)) {
    throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'failed_precondition', 'this key was already used for a different request');
  }
}

const sagaFields = (saga: SagaContext) => ({ sagaId: saga.sagaId, correlationId: saga.correlationId });

function next(head: LedgerRecord, fields: Omit<LedgerRecord, 'userId' | 'version'>): LedgerRecord {
  return { userId: head.userId, version: head.version + 1, ...fields };
}
