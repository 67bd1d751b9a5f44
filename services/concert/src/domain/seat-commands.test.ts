import { seatIdOf } from './seat-id';
import type { HoldClaim, SeatRecord } from './seat-record';
import { decideConfirm, decideRelease, fenceOfPendingClaim, type CommandInput } from './seat-commands';

const T0 = new Date('2026-12-01T00:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const seat = { concertCode: 'IU-2026', concertDate: '2026-12-24T19:00:00.000Z', seatNumber: 3 };

const rec = (version: number, type: SeatRecord['type'], reservationId: string, commandId = `c${version}`): SeatRecord => ({
  seatId: seatIdOf(seat),
  version,
  type,
  ...seat,
  reservationId,
  userId: 'u',
  price: 100,
  expiresAt: at(1_000),
  commandId,
  sagaId: '',
  at: T0,
});

const input = (nowMs: number, commandId = 'cmd'): CommandInput => ({ reservationId: 'r', commandId, sagaId: 's', now: at(nowMs) });

describe('confirm', () => {
  it('sells a live hold that is the head, at head + 1', () => {
    const d = decideConfirm([rec(1, 'HELD', 'r')], input(10));
    expect(d).toMatchObject({ act: 'append', outcome: 'OK', record: { type: 'SOLD', version: 2, commandId: 'cmd', sagaId: 's' } });
  });

  it('fences an expired head so no delivery of the command can sell it later', () => {
    const d = decideConfirm([rec(1, 'HELD', 'r')], input(1_000));
    expect(d).toMatchObject({ act: 'append', outcome: 'REJECTED', reason: 'SEAT_HOLD_EXPIRED', record: { type: 'EXPIRED', version: 2 } });
  });

  it('rejects a hold that is no longer the head, and an unknown reservation', () => {
    expect(decideConfirm([rec(1, 'HELD', 'r'), rec(2, 'HELD', 'other')], input(10))).toEqual({ act: 'answer', outcome: 'REJECTED', reason: 'SEAT_HOLD_EXPIRED' });
    expect(decideConfirm([rec(1, 'HELD', 'r'), rec(2, 'RELEASED', 'r')], input(10)).outcome).toBe('REJECTED');
    expect(decideConfirm([rec(1, 'HELD', 'other')], input(10))).toEqual({ act: 'answer', outcome: 'REJECTED', reason: 'RESERVATION_NOT_FOUND' });
  });

  it('answers a replay from the record its command left, whatever happened since', () => {
    const sold = [rec(1, 'HELD', 'r'), rec(2, 'SOLD', 'r', 'cmd'), rec(3, 'RELEASED', 'r', 'undo')];
    expect(decideConfirm(sold, input(5_000))).toEqual({ act: 'answer', outcome: 'OK', reason: null });
    const fenced = [rec(1, 'HELD', 'r'), rec(2, 'EXPIRED', 'r', 'cmd'), rec(3, 'HELD', 'other')];
    expect(decideConfirm(fenced, input(5))).toEqual({ act: 'answer', outcome: 'REJECTED', reason: 'SEAT_HOLD_EXPIRED' });
  });

  it('does not sell a seat twice: a second saga’s confirm of a sold hold is rejected', () => {
    expect(decideConfirm([rec(1, 'HELD', 'r'), rec(2, 'SOLD', 'r', 'first')], input(10, 'second')).outcome).toBe('REJECTED');
  });
});

describe('release', () => {
  it('frees a sold or held seat of the reservation, at head + 1', () => {
    expect(decideRelease([rec(1, 'HELD', 'r'), rec(2, 'SOLD', 'r')], input(10))).toMatchObject({ act: 'append', outcome: 'OK', record: { type: 'RELEASED', version: 3 } });
    expect(decideRelease([rec(1, 'HELD', 'r')], input(5_000))).toMatchObject({ act: 'append', record: { type: 'RELEASED', version: 2 } });
  });

  it('has nothing to undo once the seat moved on, and answers a replay OK', () => {
    expect(decideRelease([rec(1, 'HELD', 'r'), rec(2, 'HELD', 'other')], input(10))).toEqual({ act: 'answer', outcome: 'OK', reason: null });
    expect(decideRelease([rec(1, 'HELD', 'r'), rec(2, 'RELEASED', 'r', 'cmd')], input(10))).toEqual({ act: 'answer', outcome: 'OK', reason: null });
    expect(decideRelease([], input(10)).reason).toBe('RESERVATION_NOT_FOUND');
  });
});

describe('a pending claim', () => {
  it('is fenced at the version it claimed, as EXPIRED, under the command id', () => {
    const claim = { seatId: seatIdOf(seat), seatVersion: 4, reservationId: 'r', ...seat, userId: 'u', price: 1, expiresAt: at(1_000) } as HoldClaim;
    expect(fenceOfPendingClaim(claim, input(10))).toMatchObject({ version: 4, type: 'EXPIRED', commandId: 'cmd', reservationId: 'r' });
    const history = [rec(1, 'HELD', 'x'), { ...fenceOfPendingClaim(claim, input(10)) }];
    expect(decideConfirm(history, input(20))).toEqual({ act: 'answer', outcome: 'REJECTED', reason: 'RESERVATION_NOT_FOUND' });
  });
});
