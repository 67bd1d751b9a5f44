import { DomainError } from '@concert/errors';

export const userNotFound = (userId: string) => new DomainError('USER_NOT_FOUND', 'not_found', `no user ${userId}`);

export const insufficientBalance = (balance: number, amount: number) =>
  new DomainError('INSUFFICIENT_BALANCE', 'failed_precondition', `balance ${balance} does not cover ${amount}`);

export const invalidArgument = (message: string) => new DomainError('VALIDATION_FAILED', 'invalid_argument', message);
