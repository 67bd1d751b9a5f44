import { retryOnConflict } from '@concert/stream-store';
import { isSeatNumber, priceOf } from '../domain/catalog';
import { ConcertErrors } from '../domain/concert.errors';
import { reservationView, type ReservationView } from '../domain/reservation-view';
import { newReservationId, seatIdOf, type SeatAddress } from '../domain/seat-id';
import { claimCommandId, holderIdOf, type HoldClaim } from '../domain/seat-record';
import { claimIsLive, claimState, heldRecordOf, nextHoldVersion, seatState } from '../domain/seat-rules';
import { requireUpcomingDate } from './catalog.queries';
import type { CatalogRepository, Clock, HoldClaimStore, SeatStore } from './concert.ports';
import type { SeatGate } from './seat-gate';

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
    private readonly gate: SeatGate,
  ) {}

  async execute(input: HoldSeatInput): Promise<ReservationView> {
    if (!input.userId) throw ConcertErrors.validation('userId is required');
    const { date } = await requireUpcomingDate(this.catalog, input.concertCode, input.concertDate, this.now());
    if (!isSeatNumber(input.seatNumber)) throw ConcertErrors.seatNotFound();
    const seat: SeatAddress = { concertCode: input.concertCode, concertDate: date.concertDate, seatNumber: input.seatNumber };
    const price = priceOf(date, input.seatNumber);
    const seatId = seatIdOf(seat);

    return this.gate.run(seatId, async () => {
      const known = this.gate.known(seatId, this.now().getTime());
      if (known && known.userId !== input.userId) {
        throw known.state === 'SOLD' ? ConcertErrors.seatAlreadySold() : ConcertErrors.seatAlreadyHeld();
      }
      const held = await this.hold(seat, seatId, price, input.userId);
      this.gate.remember(seatId, 'HELD', input.userId, Date.parse(held.expiresAt), this.now().getTime());
      return held;
    });
  }

  private hold(seat: SeatAddress, seatId: string, price: number, userId: string): Promise<ReservationView> {
    return retryOnConflict(async () => {
      const latest = await this.claims.head(seat.concertCode, userId);
      if (latest) {
        const state = claimState(latest, await this.seats.history(seatOfClaim(latest)), this.now());
        if (claimIsLive(state)) {
          if (latest.seatId !== seatId) throw ConcertErrors.holdAlreadyExists();
          // The same seat again: the same hold (finishing its HELD if another request is still writing it).
          if (state === 'PENDING') await this.seats.append(heldRecordOf(latest, this.now()));
          return reservationView(latest, 'HELD');
        }
      }
      const now = this.now();
      const state = seatState(await this.seats.head(seat), now);
      if (state.kind !== 'FREE') {
        const until = state.kind === 'SOLD' ? Number.POSITIVE_INFINITY : state.head.expiresAt.getTime();
        this.gate.remember(seatId, state.kind, state.head.userId, until, now.getTime());
      }
      const seatVersion = nextHoldVersion(state);
      const reservationId = newReservationId(seat);
      const claim: HoldClaim = {
        holderId: holderIdOf(seat.concertCode, userId),
        version: (latest?.version ?? 0) + 1,
        concertCode: seat.concertCode,
        userId,
        reservationId,
        concertDate: seat.concertDate,
        seatNumber: seat.seatNumber,
        seatId,
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
