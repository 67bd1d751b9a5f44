import { DomainError, isDefiniteAnswer } from './domain-error';

describe('isDefiniteAnswer', () => {
  it('is true for a DomainError that says no for good', () => {
    expect(isDefiniteAnswer(new DomainError('SEAT_ALREADY_HELD', 'already_exists'))).toBe(true);
    expect(isDefiniteAnswer(new DomainError('USER_NOT_FOUND', 'not_found'))).toBe(true);
  });

  it('is false for what may pass when tried again', () => {
    expect(isDefiniteAnswer(new DomainError('SERVICE_UNAVAILABLE', 'unavailable'))).toBe(false);
    expect(isDefiniteAnswer(new DomainError('INTERNAL', 'internal'))).toBe(false);
    expect(isDefiniteAnswer(new Error('socket hang up'))).toBe(false);
    expect(isDefiniteAnswer(undefined)).toBe(false);
  });
});
