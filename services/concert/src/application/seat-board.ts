import type { SeatAddress } from '../domain/seat-id';
import type { SeatRecord } from '../domain/seat-record';
import { headsBySeat, unlistable } from '../domain/seat-rules';
import type { Clock, SeatStore } from './concert.ports';

interface DateBoard {
  /** The newest record of each seat this process has read or written. */
  heads: Map<number, SeatRecord>;
  /** When the last read of the date's listed records was issued (ms). */
  readAt: number;
  reading: Promise<void> | null;
}

/**
 * This process's picture of every seat of a date: the heads read from the store at most once per
 * `freshMs` for all readers together, merged with every record this process appends. Availability
 * lists, the sold-out check and a first hold attempt read it instead of the store, so a rush costs the
 * store one read per date and period, not one per fan. It may lag another replica's writes by up to
 * `freshMs`; correctness never depends on it: every change is still a unique insert at head + 1, and
 * an insert that loses because the picture was stale re-reads the store.
 */
export class SeatBoard {
  private readonly dates = new Map<string, DateBoard>();
  /** One tidy-up per date at a time: a rush of readers would all find the same records. */
  private readonly tidying = new Set<string>();

  constructor(
    private readonly seats: SeatStore,
    private readonly now: Clock,
    private readonly freshMs = 1_000,
  ) {}

  /** The heads of a date, read again when the picture is older than freshMs. */
  async heads(concertCode: string, concertDate: string): Promise<ReadonlyMap<number, SeatRecord>> {
    const board = this.boardOf(concertCode, concertDate);
    if (this.now().getTime() - board.readAt >= this.freshMs) {
      board.reading ??= this.refresh(concertCode, concertDate, board).finally(() => (board.reading = null));
      await board.reading;
    }
    return board.heads;
  }

  /** The head this process last saw of one seat, if it has read that seat's date or written to it. */
  knownHead(seat: SeatAddress): SeatRecord | undefined {
    return this.dates.get(dateKey(seat.concertCode, seat.concertDate))?.heads.get(seat.seatNumber);
  }

  /** A record this process appended or read: it becomes the seat's head unless a newer one is known. */
  note(record: SeatRecord): void {
    const heads = this.boardOf(record.concertCode, record.concertDate).heads;
    const known = heads.get(record.seatNumber);
    if (!known || known.version < record.version) heads.set(record.seatNumber, record);
  }

  private boardOf(concertCode: string, concertDate: string): DateBoard {
    const key = dateKey(concertCode, concertDate);
    let board = this.dates.get(key);
    if (!board) {
      board = { heads: new Map(), readAt: Number.NEGATIVE_INFINITY, reading: null };
      this.dates.set(key, board);
    }
    return board;
  }

  private async refresh(concertCode: string, concertDate: string, board: DateBoard): Promise<void> {
    const readAt = this.now().getTime();
    const listed = await this.seats.recordsOfDate(concertCode, concertDate);
    for (const head of headsBySeat(listed).values()) this.note(head);
    board.readAt = readAt;
    this.tidy(dateKey(concertCode, concertDate), listed);
  }

  /**
   * FerretDB decodes every record a query returns, so the list's cost follows the listed records:
   * superseded ones are unlisted in the background. Heads stay listed, so a seat with no listed
   * record has no record at all and a first hold may take version 1 without reading the seat.
   */
  private tidy(key: string, listed: SeatRecord[]): void {
    if (this.tidying.has(key)) return;
    const superseded = unlistable(listed);
    if (superseded.length === 0) return;
    this.tidying.add(key);
    this.seats
      .unlist(superseded)
      .catch(() => undefined) // a later refresh tries again
      .finally(() => this.tidying.delete(key));
  }
}

const dateKey = (concertCode: string, concertDate: string) => `${concertCode}|${concertDate}`;
