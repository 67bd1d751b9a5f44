import { DomainError } from '@concert/errors';

/** The contract's token table, as domain errors (the gateway maps codes to HTTP statuses). */
export const QueueErrors = {
  invalidToken: () => new DomainError('INVALID_TOKEN', 'unauthenticated', 'token is malformed, forged or unknown'),
  tokenExpired: () => new DomainError('TOKEN_EXPIRED', 'unauthenticated', 'token expired, was used or was given up'),
  tokenMismatch: () => new DomainError('TOKEN_MISMATCH', 'permission_denied', 'token belongs to another user or concert'),
  tokenNotActive: () => new DomainError('TOKEN_NOT_ACTIVE', 'permission_denied', 'token is still waiting in the queue'),
  soldOut: () => new DomainError('SOLD_OUT', 'failed_precondition', 'every seat of every date of this concert is sold'),
  validation: (detail: string) => new DomainError('VALIDATION_FAILED', 'invalid_argument', detail),
};
