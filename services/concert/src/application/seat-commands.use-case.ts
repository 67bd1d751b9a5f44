import { DomainError } from '@concert/errors';
import { retryOnConflict } from '@concert/stream-store';
import { ConcertErrors, REJECTION_KIND } from '../domain/concert.errors';
import { reservationView, type ReservationView } from '../domain/reservation-view';
import {
  decideConfirm,
  decideRelease,
  fenceOfPendingClaim,
  type CommandDecision,
  type CommandInput,
  type CommandKind,
  type CommandOutcome,
  type RejectionReason,
} from '../domain/seat-commands';
import { seatOfReservation, type SeatAddress } from '../domain/seat-id';
import type { SeatRecord } from '../domain/seat-record';
import { claimState, recordsOf, reservationStatus } from '../domain/seat-rules';
import type { Clock, HoldClaimStore, SeatStore } from './concert.ports';
import type { SeatBoard } from './seat-board';

export interface SeatCommand {
  reservationId: string;
  commandId: string;
  sagaId: string;
}

interface Verdict {
  outcome: CommandOutcome;
  reason: RejectionReason | null;
  own: SeatRecord[];
}

/**
 * The saga's ConfirmSeat and ReleaseSeat. The seat change is one append decided from the seat's history
 * (see domain/seat-commands), and the record carries the command id: every delivery of the command,
 * however late, finds it there and gets the same answer — as of that record, so a confirm replayed
 * after its saga released the seat still answers CONFIRMED. A rejection that appends nothing stays
 * a rejection: a reservation that is not the seat's live hold never becomes one again.
 */
export class SeatCommands {
  constructor(
    private readonly seats: SeatStore,
    private readonly claims: HoldClaimStore,
    private readonly now: Clock,
    private readonly board: SeatBoard,
  ) {}

  confirm(command: SeatCommand): Promise<ReservationView> {
    return this.run('CONFIRM', command, decideConfirm);
  }

  release(command: SeatCommand): Promise<ReservationView> {
    return this.run('RELEASE', command, decideRelease);
  }

  private async run(
    kind: CommandKind,
    command: SeatCommand,
    decide: (history: SeatRecord[], input: CommandInput) => CommandDecision,
  ): Promise<ReservationView> {
    if (!command.commandId || !command.reservationId) throw ConcertErrors.validation('reservationId and commandId are required');
    const seat = seatOfReservation(command.reservationId);
    let fromStore = false;
    const verdict: Verdict = seat
      ? await retryOnConflict(() => {
          const attempt = this.decideAndAppend(seat, command, decide, fromStore);
          fromStore = true;
          return attempt;
        })
      : { outcome: 'REJECTED', reason: 'RESERVATION_NOT_FOUND', own: [] };
    const status = reservationStatus(verdict.own, this.now());
    if (verdict.outcome === 'REJECTED' || !status) {
      const reason = verdict.reason ?? 'RESERVATION_NOT_FOUND';
      throw new DomainError(reason, REJECTION_KIND[reason] ?? 'failed_precondition', `${kind.toLowerCase()} rejected: ${reason}`);
    }
    return reservationView(verdict.own[0]!, status);
  }

  private async decideAndAppend(
    seat: SeatAddress,
    command: SeatCommand,
    decide: (history: SeatRecord[], input: CommandInput) => CommandDecision,
    fromStore: boolean,
  ): Promise<Verdict> {
    const history = (!fromStore && this.liveHoldOnBoard(seat, command.reservationId)) || (await this.history(seat));
    // The clock is read after the history: a clock read before it could be older than a read that
    // took a while, and a hold that expired meanwhile would be sold after its expiresAt.
    const input: CommandInput = { ...command, now: this.now() };
    if (recordsOf(history, command.reservationId).length === 0) {
      // Never held, or its HELD is still being written: fence the claimed version so it never will be.
      const claim = await this.claims.byReservation(seat.concertCode, command.reservationId);
      if (claim && claimState(claim, history, input.now) === 'PENDING') await this.append(fenceOfPendingClaim(claim, input));
      return { outcome: 'REJECTED', reason: 'RESERVATION_NOT_FOUND', own: [] };
    }
    const decision = decide(history, input);
    if (decision.act === 'append') {
      await this.append(decision.record);
      history.push(decision.record);
    }
    // The reservation as the command left it: up to the record the command caused, if any.
    const caused = history.find((r) => r.commandId === command.commandId);
    const own = recordsOf(history, command.reservationId).filter((r) => !caused || r.version <= caused.version);
    return { outcome: decision.outcome, reason: decision.reason, own };
  }

  /**
   * The reservation's HELD as the seat's head on the board is all a first attempt needs: the command
   * cannot have been applied yet (it would have appended after it). If the board is behind, the
   * append loses on the unique index and the retry reads the whole history.
   */
  private liveHoldOnBoard(seat: SeatAddress, reservationId: string): SeatRecord[] | null {
    const head = this.board.knownHead(seat);
    return head && head.reservationId === reservationId && head.type === 'HELD' ? [head] : null;
  }

  private async history(seat: SeatAddress): Promise<SeatRecord[]> {
    const history = await this.seats.history(seat);
    const head = history.at(-1);
    if (head) this.board.note(head);
    return history;
  }

  private async append(record: SeatRecord): Promise<void> {
    await this.seats.append(record);
    this.board.note(record);
  }
}
