import type { ErrorKind } from '@concert/errors';

/**
 * HTTP status of every problem code of the product contract (docs/product.md). A code that is not
 * listed (a service added one) falls back to the status of its error kind, so it is never a 500.
 */
export const STATUS_OF_CODE: Readonly<Record<string, number>> = {
  // 400: the request itself is wrong
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  INVALID_AMOUNT: 400,
  // 401 / 403: token and operator access
  INVALID_TOKEN: 401,
  INVALID_USER_KEY: 401,
  TOKEN_EXPIRED: 401,
  ADMIN_UNAUTHORIZED: 401,
  TOKEN_MISMATCH: 403,
  TOKEN_NOT_ACTIVE: 403,
  // 402: the hold is kept, the fan can top up and retry
  INSUFFICIENT_BALANCE: 402,
  // 404
  NOT_FOUND: 404,
  USER_NOT_FOUND: 404,
  CONCERT_NOT_FOUND: 404,
  CONCERT_DATE_NOT_FOUND: 404,
  SEAT_NOT_FOUND: 404,
  RESERVATION_NOT_FOUND: 404,
  PAYMENT_NOT_FOUND: 404,
  SAGA_NOT_FOUND: 404,
  // 409: the state does not allow it now
  SEAT_ALREADY_HELD: 409,
  SEAT_ALREADY_SOLD: 409,
  HOLD_ALREADY_EXISTS: 409,
  SEAT_HOLD_EXPIRED: 409,
  PAYMENT_IN_PROGRESS: 409,
  IDEMPOTENCY_KEY_IN_USE: 409,
  SOLD_OUT: 409,
  // 413 / 415: the body could not be read
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  // 422: same Idempotency-Key, different request
  IDEMPOTENCY_KEY_REUSED: 422,
  // 429
  RATE_LIMITED: 429,
  // 5xx: never described to the client beyond a generic detail
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
  // A service's per-seat / per-user queue is full, or it dropped work whose deadline had passed: retry.
  SERVICE_BUSY: 503,
};

const STATUS_OF_KIND: Readonly<Record<ErrorKind, number>> = {
  invalid_argument: 400,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  already_exists: 409,
  failed_precondition: 409,
  aborted: 409,
  resource_exhausted: 429,
  internal: 500,
  unavailable: 503,
};

export function statusOf(code: string, kind?: ErrorKind): number {
  return STATUS_OF_CODE[code] ?? (kind ? STATUS_OF_KIND[kind] : 500);
}

const TITLE_OF_CODE: Readonly<Record<string, string>> = { MALFORMED_JSON: 'Malformed JSON', INTERNAL: 'Internal error' };

/** USER_NOT_FOUND → "User not found". */
export const titleOf = (code: string): string => {
  if (TITLE_OF_CODE[code]) return TITLE_OF_CODE[code];
  const words = code.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** A stable URI per code, as RFC 9457 asks for `type`. */
export const typeOf = (code: string): string => `https://concert-reservation.example/problems/${code.toLowerCase().replace(/_/g, '-')}`;
