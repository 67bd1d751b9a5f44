import { deadLetterNames, type Topology } from './topology';

/**
 * The payment saga's messages, shared like the protos: commands go to the service that owns the
 * effect, outcomes come back to the payment service. The type is also the routing key on the saga
 * exchange. Commands carry a command id; the receiving service stores it under a unique index, so a
 * command delivered twice has one effect and produces the same outcome again.
 */
export const SAGA_MESSAGES = {
  confirmSeat: 'concert.seat.confirm.v1',
  releaseSeat: 'concert.seat.release.v1',
  seatConfirmed: 'concert.seat.confirmed.v1',
  seatConfirmRejected: 'concert.seat.confirm-rejected.v1',
  seatReleased: 'concert.seat.released.v1',
  seatReleaseRejected: 'concert.seat.release-rejected.v1',
  debitWallet: 'wallet.debit.v1',
  refundWallet: 'wallet.refund.v1',
  walletDebited: 'wallet.debited.v1',
  walletDebitRejected: 'wallet.debit-rejected.v1',
  walletRefunded: 'wallet.refunded.v1',
  walletRefundRejected: 'wallet.refund-rejected.v1',
} as const;

export type SagaMessageType = (typeof SAGA_MESSAGES)[keyof typeof SAGA_MESSAGES];

/** concert.seat.confirm.v1 / concert.seat.release.v1 */
export interface SeatCommand {
  commandId: string;
  reservationId: string;
}

/** concert.seat.{confirmed,confirm-rejected,released,release-rejected}.v1 */
export interface SeatOutcome {
  /** The command this answers. */
  commandId: string;
  reservationId: string;
  /** The reservation's status after the command (HELD | CONFIRMED | EXPIRED | RELEASED), when known. */
  status: string;
  /** The error code of a rejection, e.g. SEAT_HOLD_EXPIRED. */
  reason: string;
}

/** wallet.debit.v1 / wallet.refund.v1 */
export interface WalletCommand {
  commandId: string;
  userId: string;
  amount: number;
}

/** wallet.{debited,debit-rejected,refunded,refund-rejected}.v1 */
export interface WalletOutcome {
  commandId: string;
  userId: string;
  amount: number;
  /** The balance after the entry (after a rejection: the balance that was too low). */
  balance: number;
  reason: string;
}

export interface SagaTopologyOptions {
  retryDelayMs?: number;
  maxAttempts?: number;
  /** The longest wait between two tries of a failing saga message (default 30 s). */
  backoffMaxDelayMs?: number;
}

/** Names of the saga's exchange and queues in a namespace (tests use a namespace of their own). */
export function sagaNames(namespace: string) {
  return {
    exchange: `${namespace}.saga`,
    concertCommands: `${namespace}.concert.seat-commands`,
    walletCommands: `${namespace}.wallet.commands`,
    paymentReplies: `${namespace}.payment.replies`,
  };
}

/**
 * The whole saga topology. Every service declares all of it on connect, so a command published
 * before its consumer ever started still has a queue to wait in.
 *
 * No saga message is parked for failing: a reply parked while its saga is open strands the saga (a
 * debit nobody books), and a command is only worth as much as its reply. A store away for a while
 * makes them wait ever longer between tries (capped), not disappear. Only malformed messages and
 * crash loops are parked.
 */
export function sagaTopology(namespace: string, options: SagaTopologyOptions = {}): Topology {
  const names = sagaNames(namespace);
  const bind = (...types: SagaMessageType[]) => types.map((routingKey) => ({ exchange: names.exchange, routingKey }));
  const m = SAGA_MESSAGES;
  const backoffMaxDelayMs = options.backoffMaxDelayMs ?? 30_000;
  return {
    exchanges: [{ name: names.exchange, type: 'topic' }],
    queues: [
      { name: names.concertCommands, backoffMaxDelayMs, bindings: bind(m.confirmSeat, m.releaseSeat) },
      { name: names.walletCommands, backoffMaxDelayMs, bindings: bind(m.debitWallet, m.refundWallet) },
      {
        name: names.paymentReplies,
        backoffMaxDelayMs,
        bindings: bind(
          m.seatConfirmed,
          m.seatConfirmRejected,
          m.seatReleased,
          m.seatReleaseRejected,
          m.walletDebited,
          m.walletDebitRejected,
          m.walletRefunded,
          m.walletRefundRejected,
        ),
      },
    ],
    ...deadLetterNames(namespace),
    retryDelayMs: options.retryDelayMs ?? 1_000,
    maxAttempts: options.maxAttempts ?? 5,
    deliveryLimit: 20,
  };
}
