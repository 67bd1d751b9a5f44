/*
 * The queue-token guard: the one check behind every route that needs a token (the contract's token
 * table). Create it once in main.ts and hand it to the route modules that need it:
 *
 *   const tokenBudget = createTokenBudget(perToken);              // main.ts
 *   const tokenGuard = createTokenGuard(queue, tokenBudget);
 *   const fan = await tokenGuard(req, { requireActive: true });   // first line of a route handler
 *   // fan = { userId, tokenId, concertCode, status }; also on (req as GuardedRequest).queueToken
 *
 * - The token is read from `Authorization: Bearer <token>` or a bare `Authorization: <token>`;
 *   none, malformed or forged → 401 INVALID_TOKEN.
 * - The concert is the route's `{concertCode}` path parameter, or `options.concertCode`; a route that
 *   names no concert (payments) accepts the token's own concert and reads it from `fan.concertCode`.
 *   A token of another concert → 403 TOKEN_MISMATCH.
 * - A `UUID` in the query string or the body that is not the token's user → 403 TOKEN_MISMATCH.
 * - Expired, used by a payment or left → 401 TOKEN_EXPIRED, unless `allowExpired` (then it passes
 *   with status EXPIRED, e.g. to read one's reservation after paying).
 * - `requireActive`: a WAITING token → 403 TOKEN_NOT_ACTIVE.
 * - Every valid token has its own request budget across all token routes (`tokenBudget`, counted in
 *   Redis across replicas); over it → 429 RATE_LIMITED with Retry-After. Counted after the signature
 *   check, so forged tokens cost no Redis call and cannot fill anyone's budget. A token route that
 *   validates the token its own way (the poll) spends from the same budget.
 */
import type { Request } from 'express';
import { DomainError } from '@concert/errors';
import type { QueuePort, ValidatedQueueToken } from '../../application/queue.port';
import type { RateLimiterPort } from '../../application/rate-limiter.port';
import { rateLimited } from './rate-limited';

export interface PerTokenLimit {
  rateLimiter: RateLimiterPort;
  limit: number;
  windowMs: number;
}

/** Counts one request of a valid token; throws 429 RATE_LIMITED once the token's budget is spent. */
export type TokenBudget = (req: Request, tokenId: string) => Promise<void>;

export function createTokenBudget({ rateLimiter, limit, windowMs }: PerTokenLimit): TokenBudget {
  return async (req, tokenId) => {
    const verdict = await rateLimiter.hitAll([{ key: `token:${tokenId}`, limit }], windowMs);
    if (!verdict.allowed) throw rateLimited(req.res!, verdict.retryAfterSeconds);
  };
}

export interface TokenGuardOptions {
  requireActive?: boolean;
  allowExpired?: boolean;
  concertCode?: string;
}

export type QueueTokenContext = ValidatedQueueToken;

export type TokenGuard = (req: Request, options?: TokenGuardOptions) => Promise<QueueTokenContext>;

/** A request the guard has passed; later code may read the fan from it. */
export type GuardedRequest = Request & { queueToken?: QueueTokenContext };

export function createTokenGuard(queue: Pick<QueuePort, 'validateToken'>, spend?: TokenBudget): TokenGuard {
  return async (req, options = {}) => {
    const token = tokenOf(req);
    const concertCode = options.concertCode ?? (typeof req.params?.concertCode === 'string' ? req.params.concertCode : '');
    const fan = await queue.validateToken(concertCode, token, {
      requireActive: options.requireActive ?? false,
      allowExpired: options.allowExpired ?? false,
    });
    assertSameUser(req, fan.userId);
    await spend?.(req, fan.tokenId);
    (req as GuardedRequest).queueToken = fan;
    return fan;
  };
}

/** The token of `Authorization: Bearer <t>` or `Authorization: <t>`; INVALID_TOKEN when there is none. */
export function tokenOf(req: Request): string {
  const header = req.get('authorization')?.trim() ?? '';
  const token = /^bearer\s+/i.test(header) ? header.replace(/^bearer\s+/i, '').trim() : header;
  if (!token || /\s/.test(token)) throw new DomainError('INVALID_TOKEN', 'unauthenticated', 'A queue token is required in the Authorization header.');
  return token;
}

/** A `UUID` in the query or body names the token's user or nobody; anyone else is TOKEN_MISMATCH. */
export function assertSameUser(req: Request, userId: string): void {
  const body = req.body as Record<string, unknown> | undefined;
  for (const claimed of [req.query?.UUID, body?.UUID]) {
    if (claimed === undefined) continue;
    if (typeof claimed !== 'string' || claimed.toLowerCase() !== userId.toLowerCase()) {
      throw new DomainError('TOKEN_MISMATCH', 'permission_denied', 'The token belongs to another user.');
    }
  }
}
