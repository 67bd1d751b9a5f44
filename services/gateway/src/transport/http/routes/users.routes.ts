import type { RateLimiterPort } from '../../../application/rate-limiter.port';
import type { UserKeyCheck } from '../../../application/user-keys';
import type { WalletPort } from '../../../application/wallet.port';
import { IdempotencyKeySchema, UserIdSchema, UserKeyHeadersSchema } from '../contract.schemas';
import { z } from '../openapi-zod';
import { rateLimited } from '../rate-limited';
import type { RouteModule } from '../route-module';

/** Contract rows 0, 4-1 and 4-2: users come to exist, see and top up their balance. */

const MAX_CHARGE = 10_000_000;

const UserPathSchema = z.object({ UUID: UserIdSchema });
const CreatedUserSchema = z
  .object({
    UUID: z.uuid(),
    userKey: z.string().optional().openapi({
      description:
        'The user key: send it as `X-User-Key` to join a queue (1-1) and to read or charge the balance (4-1, 4-2). ' +
        'Shown only in this answer and stored only as a hash: keep it. Absent when the deployment runs USER_KEYS=off.',
      example: 'q3J9xV0m2c1Yb5rT8wKpL4sNfA7dEhGiZuOjXy6CvBk',
    }),
  })
  .openapi('CreatedUser');
const BalanceSchema = z.object({ balance: z.number().int().min(0) }).openapi('Balance', { example: { balance: 50_000 } });
const ChargeBodySchema = z
  .strictObject({
    amount: z
      .number({ message: 'must be a number' })
      .int('must be an integer')
      .positive('must be greater than 0')
      .max(MAX_CHARGE, `must be at most ${MAX_CHARGE}`)
      .openapi({ description: 'KRW to add, 1 … 10,000,000.', example: 10_000 }),
  })
  .openapi('ChargeRequest');
const ChargeHeadersSchema = UserKeyHeadersSchema.extend({ 'idempotency-key': IdempotencyKeySchema.optional() });

export interface UsersRoutesDeps {
  wallet: WalletPort;
  /** The user exists (USER_NOT_FOUND) and the caller holds its key (INVALID_USER_KEY, unless USER_KEYS=off). */
  userKeys: UserKeyCheck;
  /** USER_KEYS=off: POST /users answers the UUID only, as the seed does. */
  showUserKey: boolean;
  /** New users per client address (one counter in Redis across replicas). */
  perAddress: { rateLimiter: RateLimiterPort; limit: number; windowMs: number };
}

export const usersRoutes = ({ wallet, userKeys, showUserKey, perAddress }: UsersRoutesDeps): RouteModule => ({
  name: 'users',
  register(api) {
    api.route({
      method: 'post',
      path: '/users',
      summary: 'Create a user with an empty wallet',
      request: { body: z.strictObject({}) },
      responses: { 201: { description: 'Created: the user id and, once only, the user key', schema: CreatedUserSchema } },
      errors: ['RATE_LIMITED'],
      handler: async ({ req, res }) => {
        const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
        const verdict = await perAddress.rateLimiter.hitAll([{ key: `users:addr:${address}`, limit: perAddress.limit }], perAddress.windowMs);
        if (!verdict.allowed) throw rateLimited(res, verdict.retryAfterSeconds);
        const { userId, userKey } = await wallet.createUser();
        // The key is a secret: never cached by anything between the fan and us.
        return { status: 201, body: showUserKey ? { UUID: userId, userKey } : { UUID: userId }, headers: { 'Cache-Control': 'no-store' } };
      },
    });

    api.route({
      method: 'get',
      path: '/users/{UUID}/balance',
      summary: "A user's balance",
      description: "Needs the user's key (`X-User-Key`).",
      request: { params: UserPathSchema, headers: UserKeyHeadersSchema },
      responses: { 200: { description: 'The balance in KRW', schema: BalanceSchema } },
      errors: ['INVALID_USER_KEY', 'USER_NOT_FOUND'],
      handler: async ({ params, headers }) => {
        await userKeys(params.UUID, headers['x-user-key']);
        return { status: 200, body: { balance: await wallet.getBalance(params.UUID) } };
      },
    });

    api.route({
      method: 'patch',
      path: '/users/{UUID}/balance',
      summary: "Charge a user's balance",
      description:
        "Needs the user's key (`X-User-Key`). With `Idempotency-Key`, a repeat with the same amount answers the " +
        'first balance and charges nothing; the same key with another amount is 422 IDEMPOTENCY_KEY_REUSED.',
      request: { params: UserPathSchema, body: ChargeBodySchema, headers: ChargeHeadersSchema },
      invalidCodes: { 'body.amount': 'INVALID_AMOUNT' },
      responses: { 200: { description: 'The balance after the charge', schema: BalanceSchema } },
      errors: ['INVALID_AMOUNT', 'INVALID_USER_KEY', 'USER_NOT_FOUND', 'IDEMPOTENCY_KEY_REUSED'],
      handler: async ({ params, body, headers }) => {
        await userKeys(params.UUID, headers['x-user-key']);
        const balance = await wallet.charge({
          userId: params.UUID,
          amount: body.amount,
          idempotencyKey: headers['idempotency-key'],
        });
        return { status: 200, body: { balance } };
      },
    });
  },
});
