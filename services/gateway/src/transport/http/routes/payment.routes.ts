import { DomainError } from '@concert/errors';
import type { PaymentInfo, PaymentPort } from '../../../application/payment.port';
import { IdempotencyKeySchema, UserIdSchema } from '../contract.schemas';
import { z } from '../openapi-zod';
import type { RouteModule } from '../route-module';
import type { TokenGuard } from '../token.guard';
import { READ_TOKEN_ERRORS, TOKEN_ERRORS } from './concert.routes';

/** Contract rows 5 and 5-1: pay for the held seat, and see the payment. */

const PaymentHeaders = z.object({
  authorization: z.string().optional().openapi({ description: 'The queue token: `Bearer <token>` or the bare token.' }),
  'idempotency-key': IdempotencyKeySchema.optional(),
});
const PayBodySchema = z.strictObject({ UUID: UserIdSchema }).openapi('PaymentRequest');
const CompletedSchema = z
  .object({
    paymentId: z.string(),
    status: z.literal('COMPLETED'),
    amount: z.number().int(),
    concertDate: z.string(),
    seatNumber: z.number().int(),
    balance: z.number().int().openapi({ description: 'The balance after the debit.' }),
  })
  .openapi('CompletedPayment');
const PendingSchema = z.object({ paymentId: z.string(), status: z.literal('PENDING') }).openapi('PendingPayment');
const PaymentStatusSchema = z
  .object({ paymentId: z.string(), status: z.enum(['PENDING', 'COMPLETED', 'FAILED']), reason: z.string().optional() })
  .openapi('PaymentStatus');
const PaymentPathSchema = z.object({ paymentId: z.string().min(1).max(200) });
const OptionalUserQuery = z.object({ UUID: UserIdSchema.optional() });
const OptionalUserBody = z.strictObject({ UUID: UserIdSchema.optional() });

/** A saga that failed while the fan waited answers with the contract's error for its reason. */
const KIND_OF_REASON: Record<string, DomainError['kind']> = {
  INSUFFICIENT_BALANCE: 'failed_precondition',
  SEAT_HOLD_EXPIRED: 'failed_precondition',
  RESERVATION_NOT_FOUND: 'not_found',
  PAYMENT_TIMED_OUT: 'unavailable',
};

function answerOf(p: PaymentInfo) {
  if (p.status === 'COMPLETED') {
    return { status: 200, body: { paymentId: p.paymentId, status: p.status, amount: p.amount, concertDate: p.concertDate, seatNumber: p.seatNumber, balance: p.balance } };
  }
  if (p.status === 'PENDING') return { status: 202, body: { paymentId: p.paymentId, status: p.status } };
  const reason = p.reason || 'PAYMENT_FAILED';
  throw new DomainError(reason, KIND_OF_REASON[reason] ?? 'failed_precondition', `payment ${p.paymentId} failed: ${reason}`);
}

export const paymentRoutes = ({ payments, tokenGuard }: { payments: PaymentPort; tokenGuard: TokenGuard }): RouteModule => ({
  name: 'payments',
  register(api) {
    api.route({
      method: 'post',
      path: '/payments',
      summary: 'Pay for the held seat',
      description:
        'Runs the payment saga (confirm the seat, debit the wallet, expire the queue token) and waits a few ' +
        'seconds for its end: 200 when completed, 202 with the paymentId while it still runs (poll 5-1). ' +
        'With `Idempotency-Key`, a repeat answers the first payment, even after it used up the token.',
      request: { body: PayBodySchema, headers: PaymentHeaders },
      responses: {
        200: { description: 'Paid: the seat is sold, the balance debited, the token expired', schema: CompletedSchema },
        202: { description: 'Still running', schema: PendingSchema },
      },
      errors: [
        'VALIDATION_FAILED',
        'RESERVATION_NOT_FOUND',
        'INSUFFICIENT_BALANCE',
        'SEAT_HOLD_EXPIRED',
        'PAYMENT_IN_PROGRESS',
        'IDEMPOTENCY_KEY_IN_USE',
        'IDEMPOTENCY_KEY_REUSED',
        ...TOKEN_ERRORS,
      ],
      handler: async ({ headers, req }) => {
        const key = headers['idempotency-key'];
        // Only a replay may come with a used-up token; without a key the token must be ACTIVE.
        const fan = await tokenGuard(req, key ? { allowExpired: true } : { requireActive: true });
        if (fan.status === 'WAITING') throw new DomainError('TOKEN_NOT_ACTIVE', 'permission_denied', 'The token is still waiting in the queue.');
        const payment = await payments.startPayment({
          userId: fan.userId,
          concertCode: fan.concertCode,
          tokenId: fan.tokenId,
          idempotencyKey: key,
          replayOnly: fan.status === 'EXPIRED',
        });
        return answerOf(payment);
      },
    });

    api.route({
      method: 'get',
      path: '/payments/{paymentId}',
      summary: "The payer's payment",
      description: "With the payer's token, also once it has expired (paying expires it).",
      request: { params: PaymentPathSchema, query: OptionalUserQuery, body: OptionalUserBody, headers: PaymentHeaders.pick({ authorization: true }) },
      responses: { 200: { description: 'PENDING, COMPLETED or FAILED (with the reason)', schema: PaymentStatusSchema } },
      errors: ['PAYMENT_NOT_FOUND', ...READ_TOKEN_ERRORS],
      handler: async ({ params, req }) => {
        const fan = await tokenGuard(req, { allowExpired: true });
        const p = await payments.getPayment(params.paymentId, fan.userId);
        return { status: 200, body: { paymentId: p.paymentId, status: p.status, ...(p.reason ? { reason: p.reason } : {}) } };
      },
    });
  },
});
