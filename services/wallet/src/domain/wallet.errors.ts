import { DomainError } from '@concert/errors';

export const userNotFound = (userId: string) => new DomainError('USER_NOT_FOUND', 'not_found', `no user ${userId}`);

/** Missing, wrong, or another user's key: one answer for all, so it tells a guesser nothing. */
export const invalidUserKey = () => new DomainError('INVALID_USER_KEY', 'unauthenticated', 'the user key is missing or wrong');

export const insufficientBalance = (balance: number, amount: number) =>
  new DomainError('INSUFFICIENT_BALANCE', 'failed_precondition', `balance ${balance} does not cover ${amount}`);

export const invalidArgument = (message: string) => new DomainError('VALIDATION_FAILED', 'invalid_argument', message);

/** A refund gives back a recorded debit of its saga, so money is never created by a stray refund. */
export const noDebitToRefund = (sagaId: string) =>
  new DomainError('NO_DEBIT_TO_REFUND', 'failed_precondition', `saga ${sagaId || '(none)'} has no recorded debit of this user`);

export const refundNotOfDebit = (debited: number, asked: number) =>
  new DomainError('REFUND_DOES_NOT_MATCH_DEBIT', 'failed_precondition', `the saga debited ${debited}, not ${asked}`);

/** Retryable: too many commands of one user at once here, or the caller stopped waiting. */
export const serviceBusy = (reason: 'full' | 'waited' | 'deadline') =>
  new DomainError('SERVICE_BUSY', 'unavailable', `too many commands for this user right now (${reason}); retry shortly`);
