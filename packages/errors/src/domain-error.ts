/**
 * What went wrong, independent of any transport. Each transport has one mapper from `kind`
 * (gRPC status) or `code` (the gateway's HTTP status from the product contract).
 */
export type ErrorKind =
  | 'invalid_argument'
  | 'not_found'
  | 'already_exists'
  | 'failed_precondition'
  | 'permission_denied'
  | 'unauthenticated'
  | 'resource_exhausted'
  | 'aborted'
  | 'unavailable'
  | 'internal';

export class DomainError extends Error {
  constructor(
    /** Stable machine-readable name, e.g. SEAT_ALREADY_HELD. */
    readonly code: string,
    readonly kind: ErrorKind,
    message: string = code,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;

/**
 * A definite answer: a DomainError that says no for good (not found, rejected, invalid …). Anything
 * else — an unknown error, an unreachable service, an internal failure — may pass if tried again.
 */
export const isDefiniteAnswer = (error: unknown): error is DomainError =>
  isDomainError(error) && error.kind !== 'unavailable' && error.kind !== 'internal';
