import { DomainError } from '@concert/errors';
import { newReservationId, seatIdOf, seatOfReservation } from './seat-id';
import { holdCommandId, type HoldClaim, type SeatRecord } from './seat-record';
import { claimIsLive, claimState, headsBySeat, nextHoldVersion, reservationStatus, seatState, unlistable } from './seat-rules';
import { canonicalDate } from './catalog';

const T0 = new Date('2026-12-01T00:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const seat = { concertCode: 'IU-2026', concertDate: '2026-12-24T19:00:00.000Z', seatNumber: 7 };

function record(version: number, type: SeatRecord['type'], reservationId: string, expiresAtMs = 1_000, seatNumber = 7): SeatRecord {
  return {
    seatId: seatIdOf({ ...seat, seatNumber }),
    version,
    type,
    concertCode: seat.concertCode,
    concertDate: seat.concertDate,
    seatNumber,
    reservationId,
    userId: `user-of-${reservationId}`,
    price: 100,
    expiresAt: at(expiresAtMs),
    commandId: `${type}:${reservationId}:${version}`,
    sagaId: '',
    at: T0,
  };
}

const claim = (reservationId: string, seatVersion: number, expiresAtMs = 1_000): HoldClaim => ({
  holderId: 'IU-2026|u',
  version: 1,
  concertCode: seat.concertCode,
  userId: 'u',
  reservationId,
  concertDate: seat.concertDate,
  seatNumber: 7,
  seatId: seatIdOf(seat),
  seatVersion,
  price: 100,
  expiresAt: at(expiresAtMs),
  commandId: `claim:${reservationId}`,
  at: T0,
});

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as DomainError).code;
  }
  return 'none';
};

describe('seat state', () => {
  it('is free with no record, after a release, and once a hold has expired', () => {
    expect(seatState(null, T0)).toEqual({ kind: 'FREE', version: 0 });
    expect(seatState(record(2, 'RELEASED', 'r'), T0).kind).toBe('FREE');
    expect(seatState(record(1, 'HELD', 'r', 1_000), at(999)).kind).toBe('HELD');
    expect(seatState(record(1, 'HELD', 'r', 1_000), at(1_000)).kind).toBe('FREE');
    expect(seatState(record(2, 'EXPIRED', 'r'), T0).kind).toBe('FREE');
  });

  it('stays sold however much time passes', () => {
    expect(seatState(record(2, 'SOLD', 'r', 1_000), at(10_000_000)).kind).toBe('SOLD');
  });

  it('lets a hold take head + 1 only when the seat is free', () => {
    expect(nextHoldVersion(seatState(null, T0))).toBe(1);
    expect(nextHoldVersion(seatState(record(3, 'HELD', 'r', 1_000), at(1_000)))).toBe(4);
    expect(codeOf(() => nextHoldVersion(seatState(record(3, 'HELD', 'r', 1_000), at(10))))).toBe('SEAT_ALREADY_HELD');
    expect(codeOf(() => nextHoldVersion(seatState(record(3, 'SOLD', 'r'), at(10))))).toBe('SEAT_ALREADY_SOLD');
  });

  it('finds each seat head among a date’s records in any order', () => {
    const heads = headsBySeat([record(2, 'SOLD', 'a'), record(1, 'HELD', 'a'), record(1, 'HELD', 'b', 5, 9)]);
    expect(heads.get(7)?.type).toBe('SOLD');
    expect(heads.get(9)?.reservationId).toBe('b');
    expect(heads.has(1)).toBe(false);
  });
});

describe('what an availability list may stop reading', () => {
  it('is every superseded record and never a head, busy or free', () => {
    const sold = record(2, 'SOLD', 'a', 1_000, 7);
    const live = record(1, 'HELD', 'b', 5_000, 8);
    const expired = record(1, 'HELD', 'c', 1_000, 9);
    const released = record(3, 'RELEASED', 'd', 1_000, 10);
    const superseded = unlistable([record(1, 'HELD', 'a', 1_000, 7), sold, live, expired, record(2, 'SOLD', 'd', 1_000, 10), released]);
    expect(superseded.map((r) => [r.seatNumber, r.version])).toEqual([[7, 1], [10, 2]]);
  });
});

describe('reservation status', () => {
  it('follows the reservation’s own last record, and expires a hold at expiresAt', () => {
    expect(reservationStatus([], T0)).toBeNull();
    expect(reservationStatus([record(1, 'HELD', 'r')], at(999))).toBe('HELD');
    expect(reservationStatus([record(1, 'HELD', 'r')], at(1_000))).toBe('EXPIRED');
    expect(reservationStatus([record(1, 'HELD', 'r'), record(2, 'SOLD', 'r')], at(5_000))).toBe('CONFIRMED');
    expect(reservationStatus([record(1, 'HELD', 'r'), record(2, 'SOLD', 'r'), record(3, 'RELEASED', 'r')], T0)).toBe('RELEASED');
  });
});

describe('a fan’s claim', () => {
  it('is live while its HELD is being written or is held, and over once sold, released, lost or expired', () => {
    expect(claimState(claim('r', 1), [], at(10))).toBe('PENDING');
    expect(claimState(claim('r', 1), [], at(1_000))).toBe('EXPIRED');
    expect(claimState(claim('r', 1), [record(1, 'HELD', 'other')], at(10))).toBe('LOST');
    expect(claimState(claim('r', 2), [record(1, 'HELD', 'other', 0), record(2, 'HELD', 'r')], at(10))).toBe('HELD');
    expect(claimState(claim('r', 1), [record(1, 'HELD', 'r'), record(2, 'SOLD', 'r')], at(10))).toBe('CONFIRMED');
    expect(claimIsLive('PENDING') && claimIsLive('HELD')).toBe(true);
    for (const s of ['LOST', 'EXPIRED', 'CONFIRMED', 'RELEASED'] as const) expect(claimIsLive(s)).toBe(false);
  });

  it('writes its HELD under a command id derived from the reservation', () => {
    expect(holdCommandId('r1')).toBe('hold:r1');
  });
});

describe('ids', () => {
  it('names a seat stream by concert, date and number', () => {
    expect(seatIdOf(seat)).toBe('IU-2026|2026-12-24T19:00:00.000Z|7');
  });

  it('finds the seat of a reservation id, and nothing in a made-up one', () => {
    const id = newReservationId(seat);
    expect(seatOfReservation(id)).toEqual(seat);
    expect(newReservationId(seat)).not.toBe(id);
    for (const bad of ['', 'abc', 'IU-2026.20261224T190000000Z.51.0123456789abcdef', 'IU-2026.2026.7.0123456789abcdef', `${id}x`]) {
      expect(seatOfReservation(bad)).toBeNull();
    }
  });

  it('accepts ISO-8601 date-times only, in canonical UTC form', () => {
    expect(canonicalDate('2026-12-24T19:00:00Z')).toBe('2026-12-24T19:00:00.000Z');
    expect(canonicalDate('2026-12-25T04:00:00+09:00')).toBe('2026-12-24T19:00:00.000Z');
    for (const bad of ['tomorrow', '2026-12-24', '2026-13-40T00:00:00Z', '']) expect(canonicalDate(bad)).toBeNull();
  });
});
