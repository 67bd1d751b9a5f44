import { SAGA_MESSAGES as M } from '@concert/amqp-kit';
import { commandIdOf, isOpen, sagaIdOfReservation, type SagaState } from './saga-state';
import { applyReply, debitedWithTokenExpired, MAX_BACKOFF_STEPS, onDeadline, startSaga, tokenExpired, type SagaReply } from './saga-transitions';

const T = 1_000;
const t0 = new Date('2026-01-01T00:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const sagaId = sagaIdOfReservation('r-1');
const start = () =>
  startSaga(
    { sagaId, userId: 'u', concertCode: 'IU', reservationId: 'r-1', tokenId: 'tk', amount: 100, concertDate: 'd', seatNumber: 1, requestId: 'req', requestKey: null },
    t0,
    T,
  ).state;
const reply = (type: string, step: Parameters<typeof commandIdOf>[1], extra: Partial<SagaReply> = {}): SagaReply => ({
  type,
  commandId: commandIdOf(sagaId, step),
  reason: '',
  balance: null,
  ...extra,
});
const step = (s: SagaState, r: SagaReply) => applyReply(s, r, at(10), T)!.state;

describe('saga transitions', () => {
  it('derives one saga id per reservation, shaped like a UUID', () => {
    expect(sagaIdOfReservation('r-1')).toBe(sagaId);
    expect(sagaIdOfReservation('r-2')).not.toBe(sagaId);
    expect(sagaId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('happy path: confirm → debit → expire token → COMPLETED', () => {
    const started = startSaga({ ...start(), sagaId }, t0, T);
    expect(started.command).toEqual({ type: M.confirmSeat, payload: { commandId: `${sagaId}:confirm-seat`, reservationId: 'r-1' } });
    const confirmed = applyReply(start(), reply(M.seatConfirmed, 'confirm-seat'), at(10), T)!;
    expect(confirmed.command?.type).toBe(M.debitWallet);
    const debited = step(confirmed.state, reply(M.walletDebited, 'debit', { balance: 900 }));
    expect(debited).toMatchObject({ step: 'EXPIRE_TOKEN', debit: 'DEBITED', balance: 900 });
    const done = tokenExpired(debited)!.state;
    expect(done).toMatchObject({ status: 'COMPLETED', step: 'DONE', deadlineAt: null });
    expect(isOpen(done)).toBe(false);
  });

  it('a debit whose token is already expired completes the payment in one step', () => {
    const confirmed = step(start(), reply(M.seatConfirmed, 'confirm-seat'));
    const debited = applyReply(confirmed, reply(M.walletDebited, 'debit', { balance: 900 }), at(20), T)!;
    const done = debitedWithTokenExpired(debited)!;
    expect(done).toMatchObject({ name: 'PAYMENT_COMPLETED', service: 'wallet', command: null });
    expect(done.detail).toContain('queue token expired');
    expect(done.state).toMatchObject({ status: 'COMPLETED', step: 'DONE', debit: 'DEBITED', balance: 900, deadlineAt: null });
    expect(isOpen(done.state)).toBe(false);
  });

  it('ignores duplicates, replies to other commands and replies from a past step', () => {
    const s = start();
    expect(applyReply(s, reply(M.seatConfirmed, 'debit'), at(1), T)).toBeNull();
    const confirmed = step(s, reply(M.seatConfirmed, 'confirm-seat'));
    expect(applyReply(confirmed, reply(M.seatConfirmed, 'confirm-seat'), at(2), T)).toBeNull();
    expect(applyReply(confirmed, reply(M.seatConfirmRejected, 'confirm-seat'), at(2), T)).toBeNull();
    const debited = step(confirmed, reply(M.walletDebited, 'debit', { balance: 1 }));
    expect(applyReply(debited, reply(M.walletDebited, 'debit'), at(3), T)).toBeNull();
    expect(applyReply(debited, reply(M.walletDebitRejected, 'debit'), at(3), T)).toBeNull();
  });

  it('a rejected confirm fails the payment without compensation', () => {
    const failed = applyReply(start(), reply(M.seatConfirmRejected, 'confirm-seat', { reason: 'SEAT_HOLD_EXPIRED' }), at(1), T)!;
    expect(failed.command).toBeNull();
    expect(failed.state).toMatchObject({ status: 'FAILED', reason: 'SEAT_HOLD_EXPIRED' });
  });

  it('a rejected debit releases the seat, then FAILED', () => {
    const confirmed = step(start(), reply(M.seatConfirmed, 'confirm-seat'));
    const rejected = applyReply(confirmed, reply(M.walletDebitRejected, 'debit', { reason: 'INSUFFICIENT_BALANCE' }), at(20), T)!;
    expect(rejected.command?.type).toBe(M.releaseSeat);
    const released = step(rejected.state, reply(M.seatReleased, 'release-seat'));
    expect(released).toMatchObject({ status: 'FAILED', reason: 'INSUFFICIENT_BALANCE', step: 'DONE' });
  });

  it('a passed deadline never compensates: the step is sent again (same command id) with backoff, and stays PENDING', () => {
    const started = start();
    expect(onDeadline(started, at(T - 1), T)).toBeNull();
    const resent = onDeadline(started, at(T), T)!;
    expect(resent).toMatchObject({ name: 'CONFIRM_RESENT', outcome: 'RETRY', command: { type: M.confirmSeat, payload: { commandId: `${sagaId}:confirm-seat` } } });
    expect(resent.state).toMatchObject({ status: 'PENDING', step: 'CONFIRM_SEAT', attempts: 1, reason: null, deadlineAt: at(T + 2 * T) });
    // Each resend moves the deadline further (doubling, capped); nothing before it.
    expect(onDeadline(resent.state, at(3 * T - 1), T)).toBeNull();
    const again = onDeadline(resent.state, at(3 * T), T)!;
    expect(again.state).toMatchObject({ attempts: 2, deadlineAt: at(3 * T + 4 * T) });
    let s = again.state;
    for (let i = 0; i < 10; i++) s = onDeadline(s, s.deadlineAt!, T)!.state;
    const last = onDeadline(s, s.deadlineAt!, T)!.state;
    expect(last.deadlineAt!.getTime() - s.deadlineAt!.getTime()).toBe(MAX_BACKOFF_STEPS * T);
    expect(last).toMatchObject({ status: 'PENDING', step: 'CONFIRM_SEAT' });

    // The concert service answers at last: the hold expired → FAILED, nothing to compensate.
    const refused = applyReply(last, reply(M.seatConfirmRejected, 'confirm-seat', { reason: 'SEAT_HOLD_EXPIRED' }), at(100 * T), T)!;
    expect(refused.state).toMatchObject({ status: 'FAILED', reason: 'SEAT_HOLD_EXPIRED' });
    expect(refused.command).toBeNull();
  });

  it('an unanswered debit is sent again, never released on a deadline; its late answer completes the payment', () => {
    const confirmed = step(start(), reply(M.seatConfirmed, 'confirm-seat'));
    const resent = onDeadline(confirmed, at(10 * T), T)!;
    expect(resent).toMatchObject({ name: 'DEBIT_RESENT', command: { type: M.debitWallet, payload: { commandId: `${sagaId}:debit`, amount: 100 } } });
    expect(resent.state).toMatchObject({ status: 'PENDING', step: 'DEBIT_WALLET', debit: 'REQUESTED', reason: null });
    const debited = applyReply(resent.state, reply(M.walletDebited, 'debit', { balance: 900 }), at(11 * T), T)!;
    expect(debited.command).toBeNull(); // no refund: the saga never gave up on this debit
    expect(debited.state).toMatchObject({ step: 'EXPIRE_TOKEN', debit: 'DEBITED', refund: 'NONE', attempts: 0 });
    // A token expiry that failed is retried with a moved deadline, then completes.
    const retried = onDeadline(debited.state, at(20 * T), T)!;
    expect(retried).toMatchObject({ name: 'TOKEN_EXPIRY_RETRIED', command: null });
    expect(retried.state.deadlineAt!.getTime()).toBeGreaterThan(at(20 * T).getTime());
    expect(tokenExpired(retried.state)!.state).toMatchObject({ status: 'COMPLETED', refund: 'NONE' });
  });

  it('compensations are re-sent until answered; a saga of the old rules refunds only its own recorded debit', () => {
    const confirmed = step(start(), reply(M.seatConfirmed, 'confirm-seat'));
    const rejected = applyReply(confirmed, reply(M.walletDebitRejected, 'debit', { reason: 'INSUFFICIENT_BALANCE' }), at(20), T)!;
    const resent = onDeadline(rejected.state, at(2 * T), T)!;
    expect(resent.name).toBe('RELEASE_RESENT');
    expect(resent.command).toEqual(rejected.command);
    expect(step(resent.state, reply(M.seatReleased, 'release-seat'))).toMatchObject({ status: 'FAILED', reason: 'INSUFFICIENT_BALANCE', deadlineAt: null });

    // Stored by the old rules: released on a timeout while the debit was outstanding.
    const legacy: SagaState = { ...confirmed, step: 'RELEASE_SEAT', reason: 'PAYMENT_TIMED_OUT', deadlineAt: at(2 * T) };
    const failed = step(legacy, reply(M.seatReleased, 'release-seat'));
    expect(applyReply(failed, reply(M.walletDebited, 'refund'), at(20 * T), T)).toBeNull(); // not a debit of this saga's command
    const late = applyReply(failed, reply(M.walletDebited, 'debit'), at(20 * T), T)!;
    expect(late.command?.type).toBe(M.refundWallet);
    expect(late.state).toMatchObject({ debit: 'DEBITED', refund: 'REQUESTED' });
    expect(isOpen(late.state)).toBe(true);
    expect(onDeadline(late.state, at(40 * T), T)!.name).toBe('REFUND_RESENT');
    const refunded = step(late.state, reply(M.walletRefunded, 'refund'));
    expect(refunded).toMatchObject({ status: 'FAILED', refund: 'REFUNDED', deadlineAt: null });
    expect(isOpen(refunded)).toBe(false);
  });
});
