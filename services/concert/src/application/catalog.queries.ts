import { canonicalDate, findDate, isUpcoming, priceOf, SEATS_PER_DATE, type Concert, type ConcertDate } from '../domain/catalog';
import { ConcertErrors } from '../domain/concert.errors';
import type { SeatRecord } from '../domain/seat-record';
import { headsBySeat, seatState, unlistable } from '../domain/seat-rules';
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
  /** One tidy-up per date at a time in this process: a rush of readers would all find the same records. */
  private readonly tidying = new Set<string>();

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
    const listed = await this.seats.recordsOfDate(concertCode, date.concertDate);
    this.tidy(`${concertCode}|${date.concertDate}`, listed, now);
    const heads = headsBySeat(listed);
    const free: number[] = [];
    for (let seat = 1; seat <= SEATS_PER_DATE; seat++) {
      if (seatState(heads.get(seat), now).kind === 'FREE') free.push(seat);
    }
    return free;
  }

  /**
   * FerretDB decodes every record a query returns, so the list's cost follows the listed records: the
   * ones that can no longer make a seat busy are unlisted in the background — superseded ones first,
   * so a free head is only unlisted once nothing older of its seat is left listed.
   */
  private tidy(dateKey: string, listed: SeatRecord[], now: Date): void {
    if (this.tidying.has(dateKey)) return;
    const { superseded, freedHeads } = unlistable(listed, now);
    if (superseded.length === 0 && freedHeads.length === 0) return;
    this.tidying.add(dateKey);
    void (async () => {
      await this.seats.unlist(superseded);
      await this.seats.unlist(freedHeads);
    })()
      .catch(() => undefined) // a later reader tries again
      .finally(() => this.tidying.delete(dateKey));
  }
}
