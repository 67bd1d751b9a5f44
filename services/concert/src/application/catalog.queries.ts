import { canonicalDate, findDate, isUpcoming, priceOf, SEATS_PER_DATE, type Concert, type ConcertDate } from '../domain/catalog';
import { ConcertErrors } from '../domain/concert.errors';
import { seatState, type SeatState } from '../domain/seat-rules';
import type { CatalogRepository, Clock } from './concert.ports';
import type { SeatBoard } from './seat-board';

/** The concert with one of its upcoming dates, or the contract's not-found codes. */
export async function requireUpcomingDate(
  catalog: CatalogRepository,
  concertCode: string,
  concertDate: string,
  now: Date,
): Promise<{ concert: Concert; date: ConcertDate }> {
  const canonical = canonicalDate(concertDate);
  if (!canonical) throw ConcertErrors.validation('concertDate must be an ISO-8601 date-time');
  const concert = await catalog.findConcert(concertCode);
  if (!concert) throw ConcertErrors.concertNotFound();
  const date = findDate(concert, canonical);
  if (!date || !isUpcoming(date, now)) throw ConcertErrors.dateNotFound();
  return { concert, date };
}

export class CatalogQueries {
  constructor(
    private readonly catalog: CatalogRepository,
    private readonly board: SeatBoard,
    private readonly now: Clock,
  ) {}

  listConcerts() {
    return this.catalog.listConcerts();
  }

  /**
   * Upcoming dates that still have a free seat, with their free counts; soldOut once every seat of
   * every upcoming date is SOLD (held seats may still come free, so they do not count as sold).
   */
  async getConcert(concertCode: string) {
    const concert = await this.catalog.findConcert(concertCode);
    if (!concert) throw ConcertErrors.concertNotFound();
    const now = this.now();
    const upcoming = concert.dates.filter((d) => isUpcoming(d, now)).sort((a, b) => a.concertDate.localeCompare(b.concertDate));
    const states = await Promise.all(upcoming.map((d) => this.seatStates(concertCode, d, now)));
    const dates = upcoming
      .map((d, i) => ({ concertDate: d.concertDate, availableSeatCount: states[i]!.filter((s) => s === 'FREE').length }))
      .filter((d) => d.availableSeatCount > 0);
    const soldOut = states.length > 0 && states.every((seats) => seats.every((s) => s === 'SOLD'));
    return { concertCode, title: concert.title, dates, soldOut };
  }

  async listAvailableSeats(concertCode: string, concertDate: string) {
    const now = this.now();
    const { date } = await requireUpcomingDate(this.catalog, concertCode, concertDate, now);
    const states = await this.seatStates(concertCode, date, now);
    const seats = states.flatMap((s, i) => (s === 'FREE' ? [{ seatNumber: i + 1, price: priceOf(date, i + 1) }] : []));
    return { concertDate: date.concertDate, seats };
  }

  /** The state of seats 1..50 of a date (index n - 1 for seat n). */
  private async seatStates(concertCode: string, date: ConcertDate, now: Date): Promise<SeatState['kind'][]> {
    const heads = await this.board.heads(concertCode, date.concertDate);
    return Array.from({ length: SEATS_PER_DATE }, (_, i) => seatState(heads.get(i + 1), now).kind);
  }
}
