import { DomainError } from '@concert/errors';

/** The contract's codes; each transport maps the kind (gRPC) or the code (gateway HTTP status). */
export const ConcertErrors = {
  validation: (message: string) => new DomainError('VALIDATION_FAILED', 'invalid_argument', message),
  concertNotFound: () => new DomainError('CONCERT_NOT_FOUND', 'not_found', 'no such concert'),
  dateNotFound: () => new DomainError('CONCERT_DATE_NOT_FOUND', 'not_found', 'no such upcoming date of this concert'),
  seatNotFound: () => new DomainError('SEAT_NOT_FOUND', 'not_found', 'seats are numbered 1..50'),
  seatAlreadyHeld: () => new DomainError('SEAT_ALREADY_HELD', 'already_exists', 'the seat is held by another fan'),
  seatAlreadySold: () => new DomainError('SEAT_ALREADY_SOLD', 'already_exists', 'the seat is sold'),
  holdAlreadyExists: () =>
    new DomainError('HOLD_ALREADY_EXISTS', 'already_exists', 'you already hold another seat of this concert'),
  reservationNotFound: () => new DomainError('RESERVATION_NOT_FOUND', 'not_found', 'no such reservation'),
  holdExpired: () => new DomainError('SEAT_HOLD_EXPIRED', 'failed_precondition', 'the hold is no longer live'),
  /** Retryable: too many requests for this seat at once here, or the caller stopped waiting. */
  serviceBusy: (reason: string) =>
    new DomainError('SERVICE_BUSY', 'unavailable', `too many requests for this seat right now (${reason}); retry shortly`),
} as const;

/** Codes a saga command may be rejected with, so a replay can rebuild the first answer. */
export const REJECTION_KIND: Record<string, 'not_found' | 'failed_precondition'> = {
  RESERVATION_NOT_FOUND: 'not_found',
  SEAT_HOLD_EXPIRED: 'failed_precondition',
};
