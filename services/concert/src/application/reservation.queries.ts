import { ConcertErrors } from '../domain/concert.errors';
import { reservationView, type ReservationView } from '../domain/reservation-view';
import { seatOfReservation } from '../domain/seat-id';
import { claimState, recordsOf, reservationStatus } from '../domain/seat-rules';
import type { Clock, HoldClaimStore, SeatStore } from './concert.ports';
import { seatOfClaim } from './hold-seat.use-case';

export class ReservationQueries {
  constructor(
    private readonly seats: SeatStore,
    private readonly claims: HoldClaimStore,
    private readonly now: Clock,
  ) {}

  /** A fan's own reservation; someone else's is as not found as a made-up one. */
  async getReservation(concertCode: string, reservationId: string, userId: string): Promise<ReservationView> {
    const seat = seatOfReservation(reservationId);
    if (!seat || seat.concertCode !== concertCode || !userId) throw ConcertErrors.reservationNotFound();
    const own = recordsOf(await this.seats.history(seat), reservationId);
    const status = reservationStatus(own, this.now());
    if (!status || own[0]!.userId !== userId) throw ConcertErrors.reservationNotFound();
    return reservationView(own[0]!, status);
  }

  /** The fan's live unpaid hold in a concert (what a payment pays for). */
  async getActiveHold(concertCode: string, userId: string): Promise<ReservationView> {
    const latest = userId ? await this.claims.head(concertCode, userId) : null;
    if (!latest) throw ConcertErrors.reservationNotFound();
    const history = await this.seats.history(seatOfClaim(latest));
    const state = claimState(latest, history, this.now());
    if (state === 'HELD') return reservationView(recordsOf(history, latest.reservationId)[0]!, 'HELD');
    if (state === 'EXPIRED') throw ConcertErrors.holdExpired();
    throw ConcertErrors.reservationNotFound();
  }
}
