import { statusOf, titleOf } from './problem-status';

// Every problem code of the product contract (docs/product.md) with the status it promises.
const CONTRACT: Record<string, number> = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  INVALID_AMOUNT: 400,
  INVALID_TOKEN: 401,
  TOKEN_EXPIRED: 401,
  INSUFFICIENT_BALANCE: 402,
  TOKEN_MISMATCH: 403,
  TOKEN_NOT_ACTIVE: 403,
  NOT_FOUND: 404,
  CONCERT_NOT_FOUND: 404,
  USER_NOT_FOUND: 404,
  CONCERT_DATE_NOT_FOUND: 404,
  SEAT_NOT_FOUND: 404,
  RESERVATION_NOT_FOUND: 404,
  PAYMENT_NOT_FOUND: 404,
  SEAT_ALREADY_HELD: 409,
  SEAT_ALREADY_SOLD: 409,
  HOLD_ALREADY_EXISTS: 409,
  SEAT_HOLD_EXPIRED: 409,
  PAYMENT_IN_PROGRESS: 409,
  IDEMPOTENCY_KEY_IN_USE: 409,
  SOLD_OUT: 409,
  PAYLOAD_TOO_LARGE: 413,
  IDEMPOTENCY_KEY_REUSED: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
  // Not in the contract's tables: a service turned the request away as busy (Retry-After comes with 503).
  SERVICE_BUSY: 503,
};

describe('problem status table', () => {
  it.each(Object.entries(CONTRACT))('%s is %i whatever kind the service gave it', (code, status) => {
    expect(statusOf(code)).toBe(status);
    expect(statusOf(code, 'internal')).toBe(status);
  });

  it('falls back to the error kind for a code it does not list, and to 500 without one', () => {
    expect(statusOf('SOMETHING_NEW', 'not_found')).toBe(404);
    expect(statusOf('SOMETHING_NEW', 'failed_precondition')).toBe(409);
    expect(statusOf('SOMETHING_NEW', 'unavailable')).toBe(503);
    expect(statusOf('SOMETHING_NEW')).toBe(500);
  });

  it('titles codes in words', () => {
    expect(titleOf('USER_NOT_FOUND')).toBe('User not found');
    expect(titleOf('MALFORMED_JSON')).toBe('Malformed JSON');
  });
});
