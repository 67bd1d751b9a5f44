import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { isDomainError } from '@concert/errors';
import type { ConcertLookup, QueuePort, QueueStatus } from '../../../application/queue.port';
import type { JoinAdmission } from '../../../application/join-admission';
import type { RateLimiterPort } from '../../../application/rate-limiter.port';
import type { UserKeyCheck } from '../../../application/user-keys';
import { UserIdSchema, UserKeyHeadersSchema } from '../contract.schemas';
import { z } from '../openapi-zod';
import type { RouteModule } from '../route-module';
import { rateLimited } from '../rate-limited';
import { assertSameUser, tokenOf, type TokenBudget, type TokenGuard } from '../token.guard';

/** Contract rows 1-1, 1-2 and 1-3: join a concert's waiting queue, poll it, leave it. */

export interface TokenRateLimits {
  windowMs: number;
  perUser: number;
  perAddress: number;
}

export interface QueueRoutesDeps {
  queue: QueuePort;
  concerts: ConcertLookup;
  /** The user exists (USER_NOT_FOUND) and the caller holds its key (INVALID_USER_KEY, unless USER_KEYS=off). */
  users: UserKeyCheck;
  tokenGuard: TokenGuard;
  /** The poll checks its token itself; it spends from the token's budget like every token route. */
  tokenBudget?: TokenBudget;
  rateLimiter: RateLimiterPort;
  /** Turns joins away (429) while this gateway already works on as many as it can. */
  admission: JoinAdmission;
  limits: TokenRateLimits;
}

const ConcertPathSchema = z.object({
  concertCode: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, "-" or "_"')
    .openapi({ description: 'The concert code.', example: 'IU-2026' }),
});
const OptionalUserQuery = z.object({ UUID: UserIdSchema.optional() });
const OptionalUserBody = z.strictObject({ UUID: UserIdSchema.optional() });
const TOKEN_HEADER = z.object({
  authorization: z.string().optional().openapi({ description: 'The queue token: `Bearer <token>` or the bare token.' }),
});

const QueuePlace = {
  status: z.enum(['WAITING', 'ACTIVE']),
  position: z.number().int().openapi({ description: '1 is the head of the line; 0 once ACTIVE (or SOLD_OUT).' }),
  estimatedWaitSeconds: z.number().int().openapi({ description: 'From the admission rate measured over the last minutes.' }),
  pollAfterSeconds: z.number().int().openapi({ description: 'Poll again no sooner than this; grows with the position.' }),
};
const IssuedTokenSchema = z.object({ token: z.string(), ...QueuePlace }).openapi('QueueToken');
const QueueStatusSchema = z
  .object({
    ...QueuePlace,
    status: z.enum(['WAITING', 'ACTIVE', 'SOLD_OUT']).openapi({
      description: 'SOLD_OUT once every seat of every date is sold (not merely held): the token is then over, later polls are TOKEN_EXPIRED.',
    }),
    activeUntil: z.string().nullable().openapi({ description: 'ISO-8601 while ACTIVE; null otherwise.' }),
  })
  .openapi('QueueStatus');

const TOKEN_ERRORS = ['INVALID_TOKEN', 'TOKEN_EXPIRED', 'TOKEN_MISMATCH', 'RATE_LIMITED'] as const;

// Concerts are never deleted, so an existence check may be remembered for a while: a rush of joins
// then costs the catalog one lookup per concert and period, not one per fan.
const KNOWN_CONCERT_MS = 30_000;

export const queueRoutes = (deps: QueueRoutesDeps): RouteModule => ({
  name: 'queue',
  register(api) {
    const knownConcerts = new Map<string, number>();
    const assertConcertExists = async (concertCode: string) => {
      if ((knownConcerts.get(concertCode) ?? 0) > Date.now()) return;
      await deps.concerts.getConcert(concertCode);
      knownConcerts.set(concertCode, Date.now() + KNOWN_CONCERT_MS);
    };

    api.route({
      method: 'post',
      path: '/concerts/{concertCode}/token',
      summary: "Join a concert's waiting queue",
      description:
        'Answers the fan\'s existing token with its place unchanged (200), or a new token at the back of the ' +
        'line (201). Rate-limited per user and per client address, and turned away while this gateway already ' +
        'takes in as many joins as it can (429 with Retry-After: come back then). 409 SOLD_OUT once ' +
        'every seat of every date is sold: no token is made. Only the holder of the user\'s key (`X-User-Key`) ' +
        'gets the token, new or existing.',
      request: { params: ConcertPathSchema, body: z.strictObject({ UUID: UserIdSchema }), headers: UserKeyHeadersSchema },
      responses: {
        201: { description: 'A new token', schema: IssuedTokenSchema },
        200: { description: 'The fan already had a live token: the same token and place', schema: IssuedTokenSchema },
      },
      errors: ['INVALID_USER_KEY', 'CONCERT_NOT_FOUND', 'USER_NOT_FOUND', 'SOLD_OUT', 'RATE_LIMITED'],
      handler: async ({ params, body, headers, req, res }) => {
        const slot = deps.admission.tryEnter();
        if (!slot.admitted) throw rateLimited(res, slot.retryAfterSeconds);
        try {
          await enforceRateLimits(deps, req, res, body.UUID, headers['x-user-key']);
          // Both lookups at once; the concert's answer decides first, as the path names it.
          const [concert, user] = await Promise.allSettled([assertConcertExists(params.concertCode), deps.users(body.UUID, headers['x-user-key'])]);
          if (concert.status === 'rejected') throw concert.reason;
          if (user.status === 'rejected') throw user.reason;
          const issued = await deps.queue.issueToken(params.concertCode, body.UUID);
          return { status: issued.created ? 201 : 200, body: { token: issued.token, ...place(issued.status) } };
        } catch (error) {
          // A service too busy to answer in time: come back later (a repeat answers the same token, if one
          // was made meanwhile) rather than a 5xx for a request the fan may simply send again.
          if (isDomainError(error) && error.kind === 'unavailable') throw rateLimited(res, deps.admission.retryAfterSeconds());
          throw error;
        } finally {
          slot.leave();
        }
      },
    });

    api.route({
      method: 'get',
      path: '/concerts/{concertCode}/token',
      summary: 'Poll the place in the queue',
      description:
        'Polling keeps a WAITING place: a fan who does not poll again well after `pollAfterSeconds` loses it. ' +
        'Once the concert is sold out the poll answers SOLD_OUT and the token is over.',
      request: { params: ConcertPathSchema, query: OptionalUserQuery, body: OptionalUserBody, headers: TOKEN_HEADER },
      responses: { 200: { description: 'The place in the queue', schema: QueueStatusSchema } },
      errors: TOKEN_ERRORS,
      handler: async ({ params, req }) => {
        const status = await deps.queue.getStatus(params.concertCode, tokenOf(req));
        assertSameUser(req, status.userId);
        await deps.tokenBudget?.(req, status.tokenId);
        return { status: 200, body: { ...place(status), status: status.status, activeUntil: status.activeUntil } };
      },
    });

    api.route({
      method: 'delete',
      path: '/concerts/{concertCode}/token',
      summary: 'Leave the queue',
      description: 'The token is revoked; its place or ACTIVE slot goes to the next fan.',
      request: { params: ConcertPathSchema, query: OptionalUserQuery, body: OptionalUserBody, headers: TOKEN_HEADER },
      responses: { 204: { description: 'Left' } },
      errors: TOKEN_ERRORS,
      handler: async ({ params, req }) => {
        await deps.tokenGuard(req);
        await deps.queue.leave(params.concertCode, tokenOf(req));
        return { status: 204 };
      },
    });
  },
});

// A join never answers SOLD_OUT as a status (it is a 409), so an issued token is WAITING or ACTIVE.
const place = (s: QueueStatus) => ({
  status: s.status as 'WAITING' | 'ACTIVE',
  position: s.position,
  estimatedWaitSeconds: s.estimatedWaitSeconds,
  pollAfterSeconds: s.pollAfterSeconds,
});

async function enforceRateLimits({ rateLimiter, limits }: QueueRoutesDeps, req: Request, res: Response, userId: string, userKey: string | undefined): Promise<void> {
  // The user's counter is per presented key: it is hit before the key is checked (both counters in one
  // call, one Redis round trip per join), and a stranger who knows only the UUID must not be able to
  // spend the fan's budget and lock the fan out of the queue. Wrong keys count in buckets of their own,
  // still bounded per address.
  const keyPrint = userKey ? createHash('sha256').update(userKey).digest('base64url').slice(0, 16) : '-';
  const verdict = await rateLimiter.hitAll(
    [
      { key: `token:user:${userId}:${keyPrint}`, limit: limits.perUser },
      { key: `token:addr:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`, limit: limits.perAddress },
    ],
    limits.windowMs,
  );
  if (!verdict.allowed) throw rateLimited(res, verdict.retryAfterSeconds);
}

