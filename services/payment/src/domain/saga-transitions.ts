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

export const confirmSeat = (s: SagaState): SagaCommand => ({
  type: M.confirmSeat,
  payload: { commandId: commandIdOf(s.sagaId, 'confirm-seat'), reservationId: s.reservationId },
});
export const releaseSeat = (s: SagaState): SagaCommand => ({
  type: M.releaseSeat,
  payload: { commandId: commandIdOf(s.sagaId, 'release-seat'), reservationId: s.reservationId },
});
const debitWallet = (s: SagaState): SagaCommand => ({
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
      const state: SagaState = { ...s, step: 'DEBIT_WALLET', debit: 'REQUESTED', deadlineAt: after(now, stepTimeoutMs) };
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
        const state: SagaState = { ...s, step: 'EXPIRE_TOKEN', debit: 'DEBITED', balance: reply.balance, deadlineAt: after(now, stepTimeoutMs) };
        return { name: 'WALLET_DEBITED', service: 'wallet', outcome: 'OK', detail: `debited ${s.amount}; expiring the queue token`, state, command: null };
      }
      // The saga had given up on the debit (deadline) and is compensating: give the money back.
      const state: SagaState = { ...s, debit: 'DEBITED', refund: 'REQUESTED', deadlineAt: after(now, stepTimeoutMs) };
      return { name: 'LATE_DEBIT_REFUND_REQUESTED', service: 'wallet', outcome: 'OK', detail: 'debit landed after the saga gave up; refund requested', state, command: refundWallet(state) };
    }
    case M.walletDebitRejected: {
      if (!is('debit') || s.debit === 'DEBITED' || s.debit === 'REJECTED') return null;
      if (s.step !== 'DEBIT_WALLET') return { name: 'LATE_DEBIT_REJECTED', service: 'wallet', outcome: 'IGNORED', detail: reply.reason, state: { ...s, debit: 'REJECTED' }, command: null };
      const reason = reply.reason || 'INSUFFICIENT_BALANCE';
      const state: SagaState = { ...s, step: 'RELEASE_SEAT', debit: 'REJECTED', reason, deadlineAt: after(now, stepTimeoutMs) };
      return { name: 'WALLET_DEBIT_REJECTED', service: 'wallet', outcome: 'REJECTED', detail: `${reason}; releasing the seat`, state, command: releaseSeat(state) };
    }
    case M.seatReleased:
    case M.seatReleaseRejected: {
      if (!is('release-seat') || s.step !== 'RELEASE_SEAT') return null;
      const released = reply.type === M.seatReleased;
      const state: SagaState = { ...s, status: 'FAILED', step: 'DONE', deadlineAt: s.refund === 'REQUESTED' ? s.deadlineAt : null };
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
      const state: SagaState = { ...s, refund: refunded ? 'REFUNDED' : 'REJECTED', deadlineAt: s.status === 'PENDING' ? s.deadlineAt : null };
      return { name: refunded ? 'WALLET_REFUNDED' : 'WALLET_REFUND_REJECTED', service: 'wallet', outcome: refunded ? 'OK' : 'REJECTED', detail: reply.reason, state, command: null };
    }
    default:
      return null;
  }
}

/**
 * The sweeper found the saga past its deadline. Before the debit is known, the saga gives up and
 * releases the seat (a late debit is refunded when it shows up). A compensation is never given up:
 * it is sent again, with the same command id, until its outcome arrives.
 */
export function onDeadline(s: SagaState, now: Date, stepTimeoutMs: number): SagaDecision | null {
  if (!s.deadlineAt || s.deadlineAt.getTime() > now.getTime()) return null;
  const next = after(now, stepTimeoutMs);
  if (s.step === 'CONFIRM_SEAT' || s.step === 'DEBIT_WALLET') {
    const waitingFor = s.step === 'CONFIRM_SEAT' ? 'concert' : 'wallet';
    const state: SagaState = { ...s, step: 'RELEASE_SEAT', reason: 'PAYMENT_TIMED_OUT', deadlineAt: next };
    return { name: 'STEP_DEADLINE_PASSED', service: 'payment', outcome: 'TIMEOUT', detail: `no answer from ${waitingFor} to ${s.step}; releasing the seat`, state, command: releaseSeat(state) };
  }
  if (s.step === 'RELEASE_SEAT') {
    return { name: 'RELEASE_RESENT', service: 'payment', outcome: 'RETRY', detail: 'seat release not answered yet; sent again', state: { ...s, deadlineAt: next }, command: releaseSeat(s) };
  }
  if (s.refund === 'REQUESTED') {
    return { name: 'REFUND_RESENT', service: 'payment', outcome: 'RETRY', detail: 'refund not answered yet; sent again', state: { ...s, deadlineAt: next }, command: refundWallet(s) };
  }
  return null;
}

/** The queue service expired the token: the payment is complete. */
export function tokenExpired(s: SagaState): SagaDecision | null {
  if (s.step !== 'EXPIRE_TOKEN') return null;
  const state: SagaState = { ...s, status: 'COMPLETED', step: 'DONE', deadlineAt: s.refund === 'REQUESTED' ? s.deadlineAt : null };
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
