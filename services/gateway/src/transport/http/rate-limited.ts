import type { Response } from 'express';
import { DomainError } from '@concert/errors';

/** 429 RATE_LIMITED, with the seconds to wait in Retry-After (the error to throw; the header is set). */
export function rateLimited(res: Response, retryAfterSeconds: number): DomainError {
  res.setHeader('Retry-After', String(retryAfterSeconds));
  return new DomainError('RATE_LIMITED', 'resource_exhausted', 'Too many requests; retry after the time in Retry-After.');
}
