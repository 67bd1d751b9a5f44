import { SAGA_MESSAGES as M, type SagaMessageType } from '@concert/amqp-kit';
import { commandIdOf, type SagaState } from './saga-state';

/** A command the saga sends; stored with the event (the outbox) and published from there. */
export interface SagaCommand {
  type: SagaMessageType;
  payload: { commandId: string; reservationId?: string; userId?: string; amount?: number };
}

/** What one step of the saga did: the timeline entry, the new state, and the command to send. */
export interface SagaDecision {
  name: string;
  /** The service whose answer (or silence) caused this step. */
  service: 'payment' | 'concert' | 'wallet' | 'queue';
  outcome: 'OK' | 'REJECTED' | 'TIMEOUT' | 'RETRY' | 'IGNORED';
  detail: string;
  state: SagaState;
  command: SagaCommand | null;
}

/** An outcome message from the concert or wallet service. */
export interface SagaReply {
  type: string;
  commandId: string;
  reason: string;
  balance: number | null;
}

export type StartInput = Pick<
  SagaState,
  'sagaId' | 'userId' | 'concertCode' | 'reservationId' | 'tokenId' | 'amount' | 'concertDate' | 'seatNumber' | 'requestId' | 'requestKey'
>;

const after = (now: Date, ms: number) => new Date(now.getTime() + ms);

/** Resends back off up to this many step timeouts apart (a dependency away for long is not hammered). */
export const MAX_BACKOFF_STEPS = 8;
/** The deadline after the `attempts`-th resend of a step: one step timeout, doubling, capped. */
export const resendDeadline = (now: Date, stepTimeoutMs: number, attempts: number): Date =>
  after(now, stepTimeoutMs * Math.min(2 ** attempts, MAX_BACKOFF_STEPS));

export const confirmSeat = (s: SagaState): SagaCommand => ({
  type: M.confirmSeat,
  payload: { commandId: commandIdOf(s.sagaId, 'confirm-seat'), reservationId: s.reservationId },
});
export const releaseSeat = (s: SagaState): SagaCommand => ({
  type: M.releaseSeat,
  payload: { commandId: commandIdOf(s.sagaId, 'release-seat'), reservationId: s.reservationId },
});
export const debitWallet = (s: SagaState): SagaCommand => ({
  type: M.debitWallet,
  payload: { commandId: commandIdOf(s.sagaId, 'debit'), userId: s.userId, amount: s.amount },
});
export const refundWallet = (s: SagaState): SagaCommand => ({
  type: M.refundWallet,
  payload: { commandId: commandIdOf(s.sagaId, 'refund'), userId: s.userId, amount: s.amount },
});

export function startSaga(input: StartInput, now: Date, stepTimeoutMs: number): SagaDecision {
  const state: SagaState = {
    ...input,
    paymentId: input.sagaId,
    status: 'PENDING',
    step: 'CONFIRM_SEAT',
    debit: 'NONE',
    refund: 'NONE',
    reason: null,
    balance: null,
    deadlineAt: after(now, stepTimeoutMs),
    attempts: 0,
    startedAt: now,
  };
  return { name: 'PAYMENT_STARTED', service: 'payment', outcome: 'OK', detail: 'confirm seat requested', state, command: confirmSeat(state) };
}

/**
 * The saga's reaction to an outcome. A reply applies only when it answers the command the saga is
 * waiting for in its current step; a duplicate or late reply returns null (nothing to store), which
 * is what makes every step idempotent. The one late reply that still matters is a debit that lands
 * after the saga gave up on it: that money is refunded.
 */
export function applyReply(s: SagaState, reply: SagaReply, now: Date, stepTimeoutMs: number): SagaDecision | null {
  const is = (step: 'confirm-seat' | 'debit' | 'release-seat' | 'refund') => reply.commandId === commandIdOf(s.sagaId, step);
  switch (reply.type) {
    case M.seatConfirmed: {
      if (!is('confirm-seat') || s.step !== 'CONFIRM_SEAT') return null;
      const state: SagaState = { ...s, step: 'DEBIT_WALLET', debit: 'REQUESTED', deadlineAt: after(now, stepTimeoutMs), attempts: 0 };
      return { name: 'SEAT_CONFIRMED', service: 'concert', outcome: 'OK', detail: 'seat sold; debit requested', state, command: debitWallet(state) };
    }
    case M.seatConfirmRejected: {
      if (!is('confirm-seat') || s.step !== 'CONFIRM_SEAT') return null;
      const reason = reply.reason || 'SEAT_HOLD_EXPIRED';
      const state: SagaState = { ...s, status: 'FAILED', step: 'DONE', reason, deadlineAt: null };
      return { name: 'SEAT_CONFIRM_REJECTED', service: 'concert', outcome: 'REJECTED', detail: reason, state, command: null };
    }
    case M.walletDebited: {
      if (!is('debit') || s.debit === 'DEBITED') return null;
      if (s.step === 'DEBIT_WALLET') {
        const state: SagaState = { ...s, step: 'EXPIRE_TOKEN', debit: 'DEBITED', balance: reply.balance, deadlineAt: after(now, stepTimeoutMs), attempts: 0 };
        return { name: 'WALLET_DEBITED', service: 'wallet', outcome: 'OK', detail: `debited ${s.amount}; expiring the queue token`, state, command: null };
      }
      // Only sagas stored before deadlines stopped compensating (they released the seat on a timeout)
      // get here: this saga's own debit, now recorded, is given back.
      const state: SagaState = { ...s, debit: 'DEBITED', refund: 'REQUESTED', deadlineAt: after(now, stepTimeoutMs), attempts: 0 };
      return { name: 'LATE_DEBIT_REFUND_REQUESTED', service: 'wallet', outcome: 'OK', detail: 'debit landed after the saga gave up; refund requested', state, command: refundWallet(state) };
    }
    case M.walletDebitRejected: {
      if (!is('debit') || s.debit === 'DEBITED' || s.debit === 'REJECTED') return null;
      if (s.step !== 'DEBIT_WALLET') return { name: 'LATE_DEBIT_REJECTED', service: 'wallet', outcome: 'IGNORED', detail: reply.reason, state: { ...s, debit: 'REJECTED' }, command: null };
      const reason = reply.reason || 'INSUFFICIENT_BALANCE';
      const state: SagaState = { ...s, step: 'RELEASE_SEAT', debit: 'REJECTED', reason, deadlineAt: after(now, stepTimeoutMs), attempts: 0 };
      return { name: 'WALLET_DEBIT_REJECTED', service: 'wallet', outcome: 'REJECTED', detail: `${reason}; releasing the seat`, state, command: releaseSeat(state) };
    }
    case M.seatReleased:
    case M.seatReleaseRejected: {
      if (!is('release-seat') || s.step !== 'RELEASE_SEAT') return null;
      const released = reply.type === M.seatReleased;
      const state: SagaState = { ...s, status: 'FAILED', step: 'DONE', deadlineAt: s.refund === 'REQUESTED' ? s.deadlineAt : null, attempts: 0 };
      return {
        name: released ? 'SEAT_RELEASED' : 'SEAT_RELEASE_REJECTED',
        service: 'concert',
        outcome: released ? 'OK' : 'REJECTED',
        detail: released ? 'compensated: seat released' : `nothing to release: ${reply.reason}`,
        state,
        command: null,
      };
    }
    case M.walletRefunded:
    case M.walletRefundRejected: {
      if (!is('refund') || s.refund !== 'REQUESTED') return null;
      const refunded = reply.type === M.walletRefunded;
      const state: SagaState = { ...s, refund: refunded ? 'REFUNDED' : 'REJECTED', deadlineAt: s.status === 'PENDING' ? s.deadlineAt : null, attempts: 0 };
      return { name: refunded ? 'WALLET_REFUNDED' : 'WALLET_REFUND_REJECTED', service: 'wallet', outcome: refunded ? 'OK' : 'REJECTED', detail: reply.reason, state, command: null };
    }
    default:
      return null;
  }
}

/**
 * The sweeper found the saga past its deadline. A deadline alone never compensates: nothing is known
 * about the step (the command or its answer may sit in a queue, or an answer may have been parked),
 * so its command is sent again with the same command id — the participant answers a repeat with its
 * stored outcome — and the deadline moves on with backoff. Only an answer (an outcome or an explicit
 * refusal such as an expired hold) moves the saga. A token expiry that failed is retried the same way
 * (the orchestrator calls the queue service once this step is stored).
 */
export function onDeadline(s: SagaState, now: Date, stepTimeoutMs: number): SagaDecision | null {
  if (!s.deadlineAt || s.deadlineAt.getTime() > now.getTime()) return null;
  const attempts = (s.attempts ?? 0) + 1;
  const state: SagaState = { ...s, attempts, deadlineAt: resendDeadline(now, stepTimeoutMs, attempts) };
  const again = (name: string, what: string, command: SagaCommand | null): SagaDecision => ({
    name,
    service: 'payment',
    outcome: 'RETRY',
    detail: `${what} not answered by its deadline; sent again (retry ${attempts}), next deadline ${state.deadlineAt!.toISOString()}`,
    state,
    command,
  });
  switch (s.step) {
    case 'CONFIRM_SEAT':
      return again('CONFIRM_RESENT', 'seat confirm', confirmSeat(s));
    case 'DEBIT_WALLET':
      return again('DEBIT_RESENT', 'wallet debit', debitWallet(s));
    case 'RELEASE_SEAT':
      return again('RELEASE_RESENT', 'seat release', releaseSeat(s));
    case 'EXPIRE_TOKEN':
      return again('TOKEN_EXPIRY_RETRIED', 'queue token expiry', null);
    default:
      return s.refund === 'REQUESTED' ? again('REFUND_RESENT', 'refund', refundWallet(s)) : null;
  }
}

/** The queue service expired the token: the payment is complete. */
export function tokenExpired(s: SagaState): SagaDecision | null {
  if (s.step !== 'EXPIRE_TOKEN') return null;
  const state: SagaState = { ...s, status: 'COMPLETED', step: 'DONE', deadlineAt: s.refund === 'REQUESTED' ? s.deadlineAt : null, attempts: 0 };
  return { name: 'TOKEN_EXPIRED', service: 'queue', outcome: 'OK', detail: 'queue token expired; payment completed', state, command: null };
}

/**
 * The debit landed and the queue token is already expired (asked inline): one step that completes
 * the payment, instead of WALLET_DEBITED followed by TOKEN_EXPIRED.
 */
export function debitedWithTokenExpired(debited: SagaDecision): SagaDecision | null {
  if (debited.name !== 'WALLET_DEBITED') return null;
  const done = tokenExpired(debited.state);
  if (!done) return null;
  const { amount, balance } = done.state;
  return { ...done, name: 'PAYMENT_COMPLETED', service: 'wallet', detail: `debited ${amount} (balance ${balance}); queue token expired; payment completed` };
}
