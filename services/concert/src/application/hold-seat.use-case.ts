import { retryOnConflict } from '@concert/stream-store';
import { isSeatNumber, priceOf } from '../domain/catalog';
import { ConcertErrors } from '../domain/concert.errors';
import { reservationView, type ReservationView } from '../domain/reservation-view';
import { newReservationId, seatIdOf, type SeatAddress } from '../domain/seat-id';
import { claimCommandId, holderIdOf, type HoldClaim } from '../domain/seat-record';
import { claimIsLive, claimState, heldRecordOf, nextHoldVersion, seatState } from '../domain/seat-rules';
import { requireUpcomingDate } from './catalog.queries';
import type { CatalogRepository, Clock, HoldClaimStore, SeatStore } from './concert.ports';

export interface HoldSeatInput {
  concertCode: string;
  concertDate: string;
  seatNumber: number;
  userId: string;
}

export const seatOfClaim = (c: HoldClaim): SeatAddress => ({ concertCode: c.concertCode, concertDate: c.concertDate, seatNumber: c.seatNumber });

/**
 * Holds a seat in two appends, each won by a unique insert:
 *   1. the fan's claim stream (concert, fan) at version + 1: one unpaid hold per fan and concert, even
 *      when the fan races for two seats; the claim names the seat version it will take;
 *   2. the seat stream at that version: one holder per seat, however many fans race.
 * A lost race (11000) on either re-reads everything and decides again. A claim whose HELD was never
 * written (crash between the appends) blocks that fan until the claim's expiry at most, and a repeat
 * of the same seat completes it.
 */
export class HoldSeat {
  constructor(
    private readonly catalog: CatalogRepository,
    private readonly seats: SeatStore,
    private readonly claims: HoldClaimStore,
    private readonly holdTtlMs: number,
    private readonly now: Clock,
  ) {}

  async execute(input: HoldSeatInput): Promise<ReservationView> {
    if (!input.userId) throw ConcertErrors.validation('userId is required');
    const { date } = await requireUpcomingDate(this.catalog, input.concertCode, input.concertDate, this.now());
    if (!isSeatNumber(input.seatNumber)) throw ConcertErrors.seatNotFound();
    const seat: SeatAddress = { concertCode: input.concertCode, concertDate: date.concertDate, seatNumber: input.seatNumber };
    const price = priceOf(date, input.seatNumber);

    return retryOnConflict(async () => {
      const latest = await this.claims.head(seat.concertCode, input.userId);
      if (latest) {
        const state = claimState(latest, await this.seats.history(seatOfClaim(latest)), this.now());
        if (claimIsLive(state)) {
          if (latest.seatId !== seatIdOf(seat)) throw ConcertErrors.holdAlreadyExists();
          // The same seat again: the same hold (finishing its HELD if another request is still writing it).
          if (state === 'PENDING') await this.seats.append(heldRecordOf(latest, this.now()));
          return reservationView(latest, 'HELD');
        }
      }
      const now = this.now();
      const seatVersion = nextHoldVersion(seatState(await this.seats.head(seat), now));
      const reservationId = newReservationId(seat);
      const claim: HoldClaim = {
        holderId: holderIdOf(seat.concertCode, input.userId),
        version: (latest?.version ?? 0) + 1,
        concertCode: seat.concertCode,
        userId: input.userId,
        reservationId,
        concertDate: seat.concertDate,
        seatNumber: seat.seatNumber,
        seatId: seatIdOf(seat),
        seatVersion,
        price,
        expiresAt: new Date(now.getTime() + this.holdTtlMs),
        commandId: claimCommandId(reservationId),
        at: now,
      };
      await this.claims.append(claim);
      await this.seats.append(heldRecordOf(claim, this.now()));
      return reservationView(claim, this.now() < claim.expiresAt ? 'HELD' : 'EXPIRED');
    });
  }
}
