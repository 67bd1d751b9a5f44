import { DomainError } from '@concert/errors';

export const PaymentErrors = {
  validation: (message: string) => new DomainError('VALIDATION_FAILED', 'invalid_argument', message),
  insufficientBalance: () => new DomainError('INSUFFICIENT_BALANCE', 'failed_precondition', 'the balance does not cover the seat'),
  holdExpired: () => new DomainError('SEAT_HOLD_EXPIRED', 'failed_precondition', 'the seat hold has expired'),
  inProgress: () => new DomainError('PAYMENT_IN_PROGRESS', 'aborted', 'a payment for this hold is already running'),
  keyInUse: () => new DomainError('IDEMPOTENCY_KEY_IN_USE', 'aborted', 'a request with this Idempotency-Key is still running'),
  keyReused: () => new DomainError('IDEMPOTENCY_KEY_REUSED', 'invalid_argument', 'this Idempotency-Key was used with a different request'),
  tokenExpired: () => new DomainError('TOKEN_EXPIRED', 'unauthenticated', 'the queue token is used up and there is no earlier request with this key'),
  tooLateToStart: () => new DomainError('SERVICE_UNAVAILABLE', 'unavailable', "too little of the caller's deadline is left to start the payment; it did not start"),
  paymentNotFound: () => new DomainError('PAYMENT_NOT_FOUND', 'not_found', 'no such payment'),
  sagaNotFound: () => new DomainError('SAGA_NOT_FOUND', 'not_found', 'no such saga'),
};

/**
 * Failures worth remembering under an Idempotency-Key. Not an outage (a repeat may run again), and not
 * a conflict with a payment that is still running (PAYMENT_IN_PROGRESS: that payment may yet fail and
 * free the hold, so the conflict is no final answer for this key).
 */
export const isFinalAnswer = (error: DomainError): boolean => error.kind !== 'unavailable' && error.kind !== 'internal' && error.kind !== 'aborted';
