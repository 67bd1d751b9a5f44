import { titleOf } from './problem-status';

/**
 * The `detail` of every problem: one fixed text per code. Nothing of the request (a body fragment, a
 * field name, a value, a path) and nothing of a service's own message (which may name ids the client
 * sent) ever reaches it: a problem body cannot reflect input, and an internal message cannot leak.
 * Which field was wrong is documented per route in the OpenAPI document.
 */
const DETAIL_OF_CODE: Readonly<Record<string, string>> = {
  VALIDATION_FAILED: 'A path parameter, query parameter, header or body field is missing, unknown or invalid; see the API documentation of this route.',
  MALFORMED_JSON: 'The request body is not valid JSON.',
  INVALID_AMOUNT: 'The amount must be an integer from 1 to 10,000,000.',
  PAYLOAD_TOO_LARGE: 'The request body is larger than 16 KiB.',
  UNSUPPORTED_MEDIA_TYPE: 'The request body is not in a supported encoding; send UTF-8 JSON.',
  INVALID_TOKEN: 'A valid queue token is required in the Authorization header.',
  TOKEN_EXPIRED: 'The queue token has expired, was used by a payment, or was given up; join the queue again.',
  TOKEN_MISMATCH: 'The queue token belongs to another user or another concert.',
  TOKEN_NOT_ACTIVE: 'The queue token is still waiting in the queue.',
  INVALID_USER_KEY: "The user key (X-User-Key) is missing or is not this user's.",
  ADMIN_UNAUTHORIZED: 'A valid X-Admin-Token is required.',
  INSUFFICIENT_BALANCE: 'The balance does not cover the price; the hold is kept: top up and pay again.',
  NOT_FOUND: 'There is no such route.',
  USER_NOT_FOUND: 'There is no such user.',
  CONCERT_NOT_FOUND: 'There is no such concert.',
  CONCERT_DATE_NOT_FOUND: 'The concert has no such date.',
  SEAT_NOT_FOUND: 'There is no such seat; seats are numbered 1 to 50.',
  RESERVATION_NOT_FOUND: 'There is no such reservation of this user.',
  PAYMENT_NOT_FOUND: 'There is no such payment.',
  SAGA_NOT_FOUND: 'There is no such saga.',
  SEAT_ALREADY_HELD: 'The seat is held by someone else.',
  SEAT_ALREADY_SOLD: 'The seat is sold.',
  HOLD_ALREADY_EXISTS: 'This user already holds another seat of this concert.',
  SEAT_HOLD_EXPIRED: 'The hold on the seat has expired.',
  PAYMENT_IN_PROGRESS: 'A payment for this hold is already in progress.',
  SOLD_OUT: 'Every seat of every date of this concert is sold.',
  IDEMPOTENCY_KEY_IN_USE: 'A request with this Idempotency-Key is still being processed; retry shortly.',
  IDEMPOTENCY_KEY_REUSED: 'This Idempotency-Key was already used with a different request.',
  RATE_LIMITED: 'Too many requests; retry after the time in Retry-After.',
  INTERNAL: 'An unexpected error occurred; quote the request id to support.',
  SERVICE_UNAVAILABLE: 'A service this request needs did not answer in time; try again shortly.',
  SERVICE_BUSY: 'The service is busy with this request\'s user or seat; try again shortly.',
};

/** A code without its own text (a service added one) gets its title: still fixed, still the code's own. */
export const detailOf = (code: string): string => DETAIL_OF_CODE[code] ?? `${titleOf(code)}.`;

/** The 5xx texts: whatever the code, a client learns no more than that. */
export const GENERIC_DETAIL: Readonly<Record<number, string>> = {
  500: DETAIL_OF_CODE.INTERNAL!,
  503: DETAIL_OF_CODE.SERVICE_UNAVAILABLE!,
};
