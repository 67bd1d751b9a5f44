/** What the HTTP routes need from the payment service; main.ts wires the gRPC client that implements it. */
export interface PaymentPort {
  startPayment(command: StartPaymentCommand): Promise<PaymentInfo>;
  /** The payer's own payment; anyone else's is PAYMENT_NOT_FOUND. */
  getPayment(paymentId: string, userId: string): Promise<PaymentInfo>;
  getSagaTimeline(sagaId: string): Promise<SagaTimeline>;
}

export interface StartPaymentCommand {
  userId: string;
  concertCode: string;
  tokenId: string;
  idempotencyKey?: string;
  /** The token is used up: only a repeat of an earlier request with the same key is answered. */
  replayOnly: boolean;
}

export interface PaymentInfo {
  paymentId: string;
  sagaId: string;
  status: 'PENDING' | 'COMPLETED' | 'FAILED';
  amount: number;
  concertDate: string;
  seatNumber: number;
  balance: number;
  reason: string;
}

export interface SagaTimeline {
  sagaId: string;
  status: string;
  steps: { step: string; service: string; at: string; outcome: string; detail: string }[];
}
