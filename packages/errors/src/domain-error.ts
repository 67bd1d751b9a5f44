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
