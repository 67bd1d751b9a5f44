import { ConcertErrors } from '../domain/concert.errors';
import { reservationView, type ReservationView } from '../domain/reservation-view';
import { seatOfClaim, seatOfReservation } from '../domain/seat-id';
import { holderIdOf } from '../domain/seat-record';
import { claimState, recordsOf, reservationStatus, seatState } from '../domain/seat-rules';
import type { Clock, HoldClaimStore, SeatStore } from './concert.ports';
import type { KnownClaims } from './known-claims';
import type { SeatBoard } from './seat-board';

export class ReservationQueries {
  constructor(
    private readonly seats: SeatStore,
    private readonly claims: HoldClaimStore,
    private readonly board: SeatBoard,
    private readonly known: KnownClaims,
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

  /**
   * The fan's live unpaid hold in a concert (what a payment pays for): from this process's memory when
   * it saw the hold made (the saga's confirm still decides on the store), else from the store.
   */
  async getActiveHold(concertCode: string, userId: string): Promise<ReservationView> {
    if (!userId) throw ConcertErrors.reservationNotFound();
    const known = this.known.get(holderIdOf(concertCode, userId));
    const head = known && this.board.knownHead(seatOfClaim(known));
    if (head && head.reservationId === known!.reservationId && seatState(head, this.now()).kind === 'HELD') return reservationView(head, 'HELD');
    const latest = await this.claims.head(concertCode, userId);
    if (!latest) throw ConcertErrors.reservationNotFound();
    this.known.remember(latest.holderId, latest);
    const history = await this.seats.history(seatOfClaim(latest));
    const state = claimState(latest, history, this.now());
    if (state === 'HELD') return reservationView(recordsOf(history, latest.reservationId)[0]!, 'HELD');
    if (state === 'EXPIRED') throw ConcertErrors.holdExpired();
    throw ConcertErrors.reservationNotFound();
  }
}
