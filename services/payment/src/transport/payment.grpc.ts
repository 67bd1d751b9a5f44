import type { AsyncHandlers } from '@concert/grpc-kit';
import type { Payment } from '@concert/protos/generated/payment/v1/Payment';
import type { PaymentServiceHandlers } from '@concert/protos/generated/payment/v1/PaymentService';
import type { PaymentQueries } from '../application/payment.queries';
import type { StartPayment } from '../application/start-payment.use-case';
import type { SagaState } from '../domain/saga-state';

export interface PaymentUseCases {
  startPayment: StartPayment;
  queries: PaymentQueries;
}

export const paymentOf = (s: SagaState): Payment => ({
  paymentId: s.paymentId,
  sagaId: s.sagaId,
  status: s.status,
  amount: s.amount,
  concertDate: s.concertDate,
  seatNumber: s.seatNumber,
  balance: s.balance ?? 0,
  reason: s.reason ?? '',
  userId: s.userId,
  reservationId: s.reservationId,
});

/** gRPC handlers: field mapping only; rules and errors live in the use cases. */
export function paymentHandlers(u: PaymentUseCases): AsyncHandlers<PaymentServiceHandlers> {
  return {
    StartPayment: async (req, call) =>
      paymentOf(
        await u.startPayment.execute({
          userId: req.userId,
          concertCode: req.concertCode,
          tokenId: req.tokenId,
          idempotencyKey: req.idempotencyKey,
          waitMs: req.waitMs,
          deadlineAt: call.deadline,
          replayOnly: req.replayOnly,
        }),
      ),
    GetPayment: async (req) => paymentOf(await u.queries.getPayment(req.paymentId, req.userId)),
    GetSagaTimeline: (req) => u.queries.timeline(req.sagaId),
  };
}
