import { PaymentErrors } from '../domain/payment.errors';
import type { SagaState } from '../domain/saga-state';
import type { SagaEvent, SagaStore } from './payment.ports';

export interface TimelineStep {
  step: string;
  service: string;
  at: string;
  outcome: string;
  detail: string;
}

export class PaymentQueries {
  constructor(private readonly sagas: SagaStore) {}

  /** Only the payer sees a payment; anyone else gets PAYMENT_NOT_FOUND, as if it did not exist. */
  async getPayment(paymentId: string, userId: string): Promise<SagaState> {
    const head = paymentId ? await this.sagas.head(paymentId) : null;
    if (!head || head.state.userId !== userId) throw PaymentErrors.paymentNotFound();
    return head.state;
  }

  async timeline(sagaId: string): Promise<{ sagaId: string; status: string; steps: TimelineStep[] }> {
    const events: SagaEvent[] = sagaId ? await this.sagas.history(sagaId) : [];
    if (events.length === 0) throw PaymentErrors.sagaNotFound();
    return {
      sagaId,
      status: events.at(-1)!.state.status,
      steps: events.map((e) => ({ step: e.name, service: e.service, at: e.at.toISOString(), outcome: e.outcome, detail: e.detail })),
    };
  }
}
