import { z } from './openapi-zod';

/** Schemas shared by several route groups of the product contract. */

/** A user id; case is normalised so the same UUID in capitals finds the same user. */
export const UserIdSchema = z
  .uuid({ message: 'must be a UUID' })
  .transform((value) => value.toLowerCase())
  .openapi({ description: 'The user id (a UUID).', example: '3f0c8f8e-2f57-4bd1-9c43-3a1f2b6a9e10' });

/**
 * `X-User-Key`: the secret POST /users answered once. Any string is read (a wrong one is 401
 * INVALID_USER_KEY, never 400), and it is never logged.
 */
export const UserKeyHeadersSchema = z.object({
  'x-user-key': z
    .string()
    .optional()
    .openapi({
      description:
        "The user's key, as POST /users answered it. Missing, wrong or another user's: 401 INVALID_USER_KEY " +
        '(a deployment with USER_KEYS=off serves the keyless API and ignores it).',
    }),
});

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().openapi({ description: 'Stable machine-readable name, e.g. USER_NOT_FOUND.' }),
    requestId: z.string(),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details; every error answers with it.' });

/** Optional `Idempotency-Key` header of the charge and payment routes. */
export const IdempotencyKeySchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .openapi({ description: 'A repeat with the same key and body answers the first result and changes nothing.' });
