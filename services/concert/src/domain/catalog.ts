/** The catalog: concerts, their dates, and the 50 priced seats of every date. */
export const SEATS_PER_DATE = 50;

export interface ConcertDate {
  /** ISO-8601 date-time in UTC, exactly as `Date.prototype.toISOString` writes it. */
  concertDate: string;
  /** Price in KRW of seat n at index n - 1. */
  prices: number[];
}

export interface Concert {
  concertCode: string;
  title: string;
  dates: ConcertDate[];
}

/** Concert codes become part of collection names and reservation ids: keep them plain. */
export const CONCERT_CODE = /^[A-Za-z0-9_-]{1,64}$/;

export const isSeatNumber = (n: number): boolean => Number.isInteger(n) && n >= 1 && n <= SEATS_PER_DATE;

/** The canonical form of a client's date, or null when it is not an ISO-8601 date-time. */
export function canonicalDate(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

export const isUpcoming = (date: ConcertDate, now: Date): boolean => Date.parse(date.concertDate) > now.getTime();

export const findDate = (concert: Concert, concertDate: string): ConcertDate | undefined =>
  concert.dates.find((d) => d.concertDate === concertDate);

export function priceOf(date: ConcertDate, seatNumber: number): number {
  const price = date.prices[seatNumber - 1];
  if (price === undefined) throw new Error(`no price for seat ${seatNumber} of ${date.concertDate}`);
  return price;
}
