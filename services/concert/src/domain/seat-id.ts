import { randomBytes } from 'node:crypto';
import { CONCERT_CODE, canonicalDate, isSeatNumber } from './catalog';

/** Where a seat's stream lives: its concert, date and number. */
export interface SeatAddress {
  concertCode: string;
  concertDate: string;
  seatNumber: number;
}

/** The stream id of one seat, e.g. `IU-2026|2026-12-24T19:00:00.000Z|7`. */
export const seatIdOf = (a: SeatAddress): string => `${a.concertCode}|${a.concertDate}|${a.seatNumber}`;

/** `2026-12-24T19:00:00.000Z` → `20261224T190000000Z`: safe in collection names and URLs. */
export const compactDate = (iso: string): string => iso.replace(/[-:.]/g, '');

function expandDate(compact: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/.exec(compact);
  return m ? canonicalDate(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z`) : null;
}

/**
 * A reservation id names its seat, so ConfirmSeat/ReleaseSeat (which carry no concert code) find the
 * seat's partition without a global lookup table, which FerretDB would have to scan on every call.
 * The random tail makes every hold of the same seat a different reservation.
 */
export const newReservationId = (a: SeatAddress): string =>
  `${a.concertCode}.${compactDate(a.concertDate)}.${a.seatNumber}.${randomBytes(8).toString('hex')}`;

export function seatOfReservation(reservationId: string): SeatAddress | null {
  const parts = reservationId.split('.');
  if (parts.length !== 4) return null;
  const [concertCode, compact, seat, tail] = parts as [string, string, string, string];
  const concertDate = expandDate(compact);
  const seatNumber = Number(seat);
  if (!CONCERT_CODE.test(concertCode) || !concertDate || !/^\d+$/.test(seat) || !isSeatNumber(seatNumber)) return null;
  if (!/^[0-9a-f]{16}$/.test(tail)) return null;
  return { concertCode, concertDate, seatNumber };
}

export const seatOfClaim = (c: { concertCode: string; concertDate: string; seatNumber: number }): SeatAddress => ({
  concertCode: c.concertCode,
  concertDate: c.concertDate,
  seatNumber: c.seatNumber,
});
