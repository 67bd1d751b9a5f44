import { callUnary, createClient } from '@concert/grpc-kit';
import { loadPaymentProto } from '@concert/protos';
import type { Payment__Output } from '@concert/protos/generated/payment/v1/Payment';
import type { PaymentInfo, PaymentPort } from '../application/payment.port';

export interface PaymentClient extends PaymentPort {
  close(): void;
}

const paymentOf = (p: Payment__Output): PaymentInfo => ({
  paymentId: p.paymentId,
  sagaId: p.sagaId,
  status: p.status as PaymentInfo['status'],
  amount: p.amount,
  concertDate: p.concertDate,
  seatNumber: p.seatNumber,
  balance: p.balance,
  reason: p.reason,
});

/**
 * Thin per-RPC functions over one channel. StartPayment asks the service to wait up to `waitMs` for
 * the saga's end, so its deadline is that wait plus the usual one.
 */
export function createPaymentClient(address: string, timeoutMs: number, waitMs: number): PaymentClient {
  const client = createClient(loadPaymentProto().payment.v1.PaymentService, address);
  return {
    async startPayment(c) {
      const request = { userId: c.userId, concertCode: c.concertCode, tokenId: c.tokenId, idempotencyKey: c.idempotencyKey ?? '', waitMs, replayOnly: c.replayOnly };
      return paymentOf(await callUnary(client, client.startPayment, request, { timeoutMs: timeoutMs + waitMs }));
    },
    async getPayment(paymentId, userId) {
      return paymentOf(await callUnary(client, client.getPayment, { paymentId, userId }, { timeoutMs }));
    },
    async getSagaTimeline(sagaId) {
      return callUnary(client, client.getSagaTimeline, { sagaId }, { timeoutMs });
    },
    close: () => client.close(),
  };
}
