import { canonicalDate, findDate, isUpcoming, priceOf, SEATS_PER_DATE, type Concert, type ConcertDate } from '../domain/catalog';
import { ConcertErrors } from '../domain/concert.errors';
import { headsBySeat, seatState } from '../domain/seat-rules';
import type { CatalogRepository, Clock, SeatStore } from './concert.ports';

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
    private readonly seats: SeatStore,
    private readonly now: Clock,
  ) {}

  listConcerts() {
    return this.catalog.listConcerts();
  }

  /** Upcoming dates that still have a free seat, with their free counts. */
  async getConcert(concertCode: string) {
    const concert = await this.catalog.findConcert(concertCode);
    if (!concert) throw ConcertErrors.concertNotFound();
    const now = this.now();
    const upcoming = concert.dates.filter((d) => isUpcoming(d, now)).sort((a, b) => a.concertDate.localeCompare(b.concertDate));
    const counted = await Promise.all(
      upcoming.map(async (d) => ({ concertDate: d.concertDate, availableSeatCount: (await this.freeSeats(concertCode, d, now)).length })),
    );
    return { concertCode, title: concert.title, dates: counted.filter((d) => d.availableSeatCount > 0) };
  }

  async listAvailableSeats(concertCode: string, concertDate: string) {
    const now = this.now();
    const { date } = await requireUpcomingDate(this.catalog, concertCode, concertDate, now);
    const free = await this.freeSeats(concertCode, date, now);
    return { concertDate: date.concertDate, seats: free.map((seatNumber) => ({ seatNumber, price: priceOf(date, seatNumber) })) };
  }

  private async freeSeats(concertCode: string, date: ConcertDate, now: Date): Promise<number[]> {
    const heads = headsBySeat(await this.seats.recordsOfDate(concertCode, date.concertDate));
    const free: number[] = [];
    for (let seat = 1; seat <= SEATS_PER_DATE; seat++) {
      if (seatState(heads.get(seat), now).kind === 'FREE') free.push(seat);
    }
    return free;
  }
}
