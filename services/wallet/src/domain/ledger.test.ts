import { DomainError } from '@concert/errors';
import { assertChargeAmount, assertSameCommand, charged, debited, MAX_CHARGE, opened, refunded, type LedgerRecord } from './ledger';

const now = new Date('2026-01-01T00:00:00Z');
const saga = { sagaId: 'saga-1', correlationId: 'req-1' };
const head = (balance: number, version = 3): LedgerRecord => ({ ...opened('u1', 'open:u1', now), version, balance });

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return error instanceof DomainError ? error.code : 'not a DomainError';
  }
  return undefined;
};

describe('wallet ledger', () => {
  it('opens at version 0 with a zero balance', () => {
    expect(opened('u1', 'open:u1', now)).toEqual({ userId: 'u1', version: 0, kind: 'OPENED', amount: 0, balance: 0, commandId: 'open:u1', createdAt: now });
  });

  it('charges add to the balance as the next version', () => {
    expect(charged(head(100), 50, 'c1', now)).toMatchObject({ version: 4, kind: 'CHARGED', amount: 50, balance: 150, commandId: 'c1' });
  });

  it.each([0, -1, 1.5, MAX_CHARGE + 1, Number.NaN, Number.POSITIVE_INFINITY])('rejects the charge amount %p', (amount) => {
    expect(codeOf(() => assertChargeAmount(amount))).toBe('INVALID_AMOUNT');
    expect(codeOf(() => charged(head(0), amount, 'c', now))).toBe('INVALID_AMOUNT');
  });

  it.each([1, MAX_CHARGE])('accepts the charge amount %p', (amount) => {
    expect(codeOf(() => assertChargeAmount(amount))).toBeUndefined();
  });

  it('debits when the balance covers the amount, down to exactly zero', () => {
    expect(debited(head(100), 100, 'd1', saga, now)).toMatchObject({ kind: 'DEBITED', amount: 100, balance: 0, sagaId: 'saga-1', correlationId: 'req-1' });
  });

  it('records a rejection, balance unchanged, when it does not: the balance never goes negative', () => {
    expect(debited(head(99), 100, 'd1', saga, now)).toMatchObject({ version: 4, kind: 'DEBIT_REJECTED', amount: 100, balance: 99 });
  });

  it('refunds add back, as a saga record', () => {
    expect(refunded(head(10), 90, 'r1', saga, now)).toMatchObject({ kind: 'REFUNDED', balance: 100, sagaId: 'saga-1' });
  });

  it.each([0, -5, 2.5])('rejects the debit/refund amount %p', (amount) => {
    expect(codeOf(() => debited(head(100), amount, 'd', saga, now))).toBe('INVALID_AMOUNT');
    expect(codeOf(() => refunded(head(100), amount, 'r', saga, now))).toBe('INVALID_AMOUNT');
  });

  it('accepts a replay only of the same command', () => {
    const first = charged(head(0), 10, 'k', now);
    expect(codeOf(() => assertSameCommand(first, { userId: 'u1', amount: 10, kinds: ['CHARGED'] }))).toBeUndefined();
    expect(codeOf(() => assertSameCommand(first, { userId: 'u1', amount: 11, kinds: ['CHARGED'] }))).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(codeOf(() => assertSameCommand(first, { userId: 'u2', amount: 10, kinds: ['CHARGED'] }))).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(codeOf(() => assertSameCommand(first, { userId: 'u1', amount: 10, kinds: ['DEBITED'] }))).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});
