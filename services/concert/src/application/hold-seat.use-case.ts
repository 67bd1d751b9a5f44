import { retryOnConflict } from '@concert/stream-store';
import { isSeatNumber, priceOf } from '../domain/catalog';
import { ConcertErrors } from '../domain/concert.errors';
import { reservationView, type ReservationView } from '../domain/reservation-view';
import { newReservationId, seatIdOf, seatOfClaim, type SeatAddress } from '../domain/seat-id';
import { claimCommandId, holderIdOf, type HoldClaim, type SeatRecord } from '../domain/seat-record';
import { claimIsLive, claimState, heldRecordOf, nextHoldVersion, seatState, type ClaimState } from '../domain/seat-rules';
import { requireUpcomingDate } from './catalog.queries';
import type { CatalogRepository, Clock, HoldClaimStore, SeatStore } from './concert.ports';
import { settledClaimState, type KnownClaims } from './known-claims';
import type { SeatBoard } from './seat-board';
import type { SeatGate } from './seat-gate';

export interface HoldSeatInput {
  concertCode: string;
  concertDate: string;
  seatNumber: number;
  userId: string;
}

/** What a hold attempt decides from: the fan's latest claim and where it stands, and the seat's head. */
interface HoldView {
  latest: HoldClaim | null;
  latestState: ClaimState | null;
  head: () => Promise<SeatRecord | null | undefined>;
}

/**
 * Holds a seat in two appends, each won by a unique insert:
 *   1. the fan's claim stream (concert, fan) at version + 1: one unpaid hold per fan and concert, even
 *      when the fan races for two seats; the claim names the seat version it will take;
 *   2. the seat stream at that version: one holder per seat, however many fans race.
 * The first attempt decides from what this process knows (the seat board, the fans' known claims), so
 * a fan who finds the seat taken costs the store nothing and a winner costs two inserts; a lost race
 * (11000) on either insert re-reads the store and decides again. A claim whose HELD was never written
 * (crash between the appends) blocks that fan until the claim's expiry at most, and a repeat of the
 * same seat completes it.
 */
export class HoldSeat {
  constructor(
    private readonly catalog: CatalogRepository,
    private readonly seats: SeatStore,
    private readonly claims: HoldClaimStore,
    private readonly board: SeatBoard,
    private readonly known: KnownClaims,
    private readonly holdTtlMs: number,
    private readonly now: Clock,
    private readonly gate: SeatGate,
  ) {}

  /** `deadline`: when the caller stops waiting (epoch ms); a hold still queued then is never tried. */
  async execute(input: HoldSeatInput, deadline = Number.POSITIVE_INFINITY): Promise<ReservationView> {
    if (!input.userId) throw ConcertErrors.validation('userId is required');
    const { date } = await requireUpcomingDate(this.catalog, input.concertCode, input.concertDate, this.now());
    if (!isSeatNumber(input.seatNumber)) throw ConcertErrors.seatNotFound();
    const seat: SeatAddress = { concertCode: input.concertCode, concertDate: date.concertDate, seatNumber: input.seatNumber };
    const price = priceOf(date, input.seatNumber);
    const seatId = seatIdOf(seat);
    if (this.gate.isFull(seatId)) this.refuseFromBoard(seat, input.userId);
    return this.gate.run(seatId, () => this.hold(seat, price, input.userId), deadline);
  }

  /**
   * The seat's queue is full: a fan the board already shows the seat taken from gets the same 409 a
   * turn would give, so a hot seat answers 409s, not 503s, once its winner is known. Otherwise the
   * gate turns the fan away as busy.
   */
  private refuseFromBoard(seat: SeatAddress, userId: string): void {
    const head = this.board.knownHead(seat);
    if (!head || head.userId === userId) return;
    nextHoldVersion(seatState(head, this.now()));
  }

  private hold(seat: SeatAddress, price: number, userId: string): Promise<ReservationView> {
    let fromStore = false;
    return retryOnConflict(async () => {
      const view = (!fromStore && (await this.fromMemory(seat, userId))) || (await this.fromStore(seat, userId));
      fromStore = true;
      return this.decide(view, seat, price, userId);
    });
  }

  private async decide(view: HoldView, seat: SeatAddress, price: number, userId: string): Promise<ReservationView> {
    const { latest, latestState } = view;
    if (latest && latestState && claimIsLive(latestState)) {
      if (latest.seatId !== seatIdOf(seat)) throw ConcertErrors.holdAlreadyExists();
      // The same seat again: the same hold (finishing its HELD if another request is still writing it).
      if (latestState === 'PENDING') await this.append(heldRecordOf(latest, this.now()));
      return reservationView(latest, 'HELD');
    }
    const now = this.now();
    const seatVersion = nextHoldVersion(seatState(await view.head(), now));
    const reservationId = newReservationId(seat);
    const claim: HoldClaim = {
      holderId: holderIdOf(seat.concertCode, userId),
      version: (latest?.version ?? 0) + 1,
      concertCode: seat.concertCode,
      userId,
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
    this.known.remember(claim.holderId, claim);
    await this.append(heldRecordOf(claim, this.now()));
    return reservationView(claim, this.now() < claim.expiresAt ? 'HELD' : 'EXPIRED');
  }

  /**
   * Enough to decide without the store, or null: the seat's head from the board, and the fan's known
   * latest claim when the board shows it over. A fan who seems to hold this seat, or whose claim may
   * be live, is asked of the store (a repeat must answer the same hold). No known claim is taken as
   * none: a claim written elsewhere makes the insert at version 1 lose, and the retry reads.
   */
  private async fromMemory(seat: SeatAddress, userId: string): Promise<HoldView | null> {
    const now = this.now();
    const head = (await this.board.heads(seat.concertCode, seat.concertDate)).get(seat.seatNumber);
    if (head && head.userId === userId && seatState(head, now).kind === 'HELD') return null;
    const latest = this.known.get(holderIdOf(seat.concertCode, userId)) ?? null;
    const latestState = latest && settledClaimState(latest, this.board, now);
    if (latest && !latestState) return null;
    return { latest, latestState, head: async () => head };
  }

  private async fromStore(seat: SeatAddress, userId: string): Promise<HoldView> {
    const latest = await this.claims.head(seat.concertCode, userId);
    if (latest) this.known.remember(latest.holderId, latest);
    const latestState = latest && claimState(latest, await this.seats.history(seatOfClaim(latest)), this.now());
    const head = async () => {
      const read = await this.seats.head(seat);
      if (read) this.board.note(read);
      return read;
    };
    return { latest, latestState, head };
  }

  private async append(record: SeatRecord): Promise<void> {
    await this.seats.append(record);
    this.board.note(record);
  }
}
