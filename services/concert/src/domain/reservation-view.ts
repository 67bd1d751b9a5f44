import type { HoldClaim, SeatRecord } from './seat-record';
import type { ReservationStatus } from './seat-rules';

/** A reservation as the fan and the saga see it. */
export interface ReservationView {
  reservationId: string;
  status: ReservationStatus;
  concertCode: string;
  concertDate: string;
  seatNumber: number;
  price: number;
  expiresAt: string;
  userId: string;
}

export const reservationView = (source: SeatRecord | HoldClaim, status: ReservationStatus): ReservationView => ({
  reservationId: source.reservationId,
  status,
  concertCode: source.concertCode,
  concertDate: source.concertDate,
  seatNumber: source.seatNumber,
  price: source.price,
  expiresAt: source.expiresAt.toISOString(),
  userId: source.userId,
});
