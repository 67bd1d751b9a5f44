import { isDomainError, type DomainError } from '@concert/errors';
import { callUnary, createClient } from '@concert/grpc-kit';
import { loadPaymentProto } from '@concert/protos';
import type { Payment__Output } from '@concert/protos/generated/payment/v1/Payment';
import type { StartPaymentRequest } from '@concert/protos/generated/payment/v1/StartPaymentRequest';
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
 * the saga's end, so its deadline is that wait plus the usual one: larger than the service's own
 * bound (it answers by min(wait, deadline − margin)), so a saga that started is answered 200 or 202.
 */
export function createPaymentClient(address: string, timeoutMs: number, waitMs: number): PaymentClient {
  const client = createClient(loadPaymentProto().payment.v1.PaymentService, address);
  async function replay(request: StartPaymentRequest, firstError: DomainError): Promise<PaymentInfo> {
    try {
      return paymentOf(await callUnary(client, client.startPayment, { ...request, waitMs: 0, replayOnly: true }, { timeoutMs }));
    } catch (error) {
      // A definite answer stored under the key (402, 409 …) is the first request's answer; a key with
      // nothing stored (TOKEN_EXPIRED) or a second outage leaves the first error standing.
      if (isDomainError(error) && error.kind !== 'unavailable' && error.kind !== 'internal' && error.code !== 'TOKEN_EXPIRED') throw error;
      throw firstError;
    }
  }
  return {
    async startPayment(c) {
      const request = { userId: c.userId, concertCode: c.concertCode, tokenId: c.tokenId, idempotencyKey: c.idempotencyKey ?? '', waitMs, replayOnly: c.replayOnly };
      try {
        return paymentOf(await callUnary(client, client.startPayment, request, { timeoutMs: timeoutMs + waitMs }));
      } catch (error) {
        // UNAVAILABLE / DEADLINE_EXCEEDED: the saga may have started (the answer was lost, or the
        // service died after its insert). The contract allows a 5xx only for a payment that certainly
        // did not start, so with an Idempotency-Key ask once more with replay semantics: the service
        // answers the payment stored under the key, or TOKEN_EXPIRED when the key has none (then the
        // payment did not start and the first error stands). Without a key the deadline margins are
        // the guard: the service answers by its own bound, well inside this call's deadline.
        if (!c.idempotencyKey || !isDomainError(error) || error.kind !== 'unavailable') throw error;
        return replay(request, error);
      }
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
