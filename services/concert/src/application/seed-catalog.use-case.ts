import { isUpcoming, SEATS_PER_DATE, type Concert, type ConcertDate } from '../domain/catalog';
import type { CatalogRepository, HoldClaimStore, SeatStore } from './concert.ports';

/** A demo concert: its dates are days after the seeding day, at 19:00 KST (10:00 UTC). */
export interface DemoConcert {
  concertCode: string;
  title: string;
  daysFromNow: number[];
  /** Price of a seat number, in KRW. */
  price: (seatNumber: number) => number;
}

const tiered = (vip: number, r: number, s: number) => (seat: number) => (seat <= 10 ? vip : seat <= 30 ? r : s);

export const DEMO_CONCERTS: DemoConcert[] = [
  { concertCode: 'IU-2026', title: 'IU 2026 Concert: The Winning', daysFromNow: [30, 31, 37], price: tiered(165_000, 143_000, 121_000) },
  { concertCode: 'NEWJEANS-2026', title: 'NewJeans 2026 Bunnies Camp', daysFromNow: [45, 46, 52], price: tiered(154_000, 132_000, 99_000) },
];

function dateAfter(now: Date, days: number): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days, 10, 0, 0, 0));
  return d.toISOString();
}

const pricesOf = (demo: DemoConcert) => Array.from({ length: SEATS_PER_DATE }, (_, i) => demo.price(i + 1));

/**
 * Idempotent: a concert that exists keeps its dates and seats; if fewer than its demo count of dates
 * are still upcoming (the seed ran long ago), later dates are added so a demo always has some.
 */
export async function seedCatalog(
  deps: { catalog: CatalogRepository; seats: SeatStore; claims: HoldClaimStore },
  now: Date,
  demos: DemoConcert[] = DEMO_CONCERTS,
): Promise<Concert[]> {
  const seeded: Concert[] = [];
  for (const demo of demos) {
    const existing = await deps.catalog.findConcert(demo.concertCode);
    const dates: ConcertDate[] = [...(existing?.dates ?? [])];
    const missing = demo.daysFromNow.length - dates.filter((d) => isUpcoming(d, now)).length;
    const lastDay = dates.reduce((max, d) => Math.max(max, Date.parse(d.concertDate)), 0);
    const offset = lastDay > now.getTime() ? Math.ceil((lastDay - now.getTime()) / 86_400_000) : 0;
    for (const days of demo.daysFromNow.slice(0, Math.max(missing, 0))) {
      dates.push({ concertDate: dateAfter(now, days + offset), prices: pricesOf(demo) });
    }
    const concert: Concert = { concertCode: demo.concertCode, title: existing?.title ?? demo.title, dates };
    if (!existing || missing > 0) await deps.catalog.saveConcert(concert);
    await deps.claims.preparePartition(concert.concertCode);
    for (const d of concert.dates) await deps.seats.preparePartition(concert.concertCode, d.concertDate);
    seeded.push(concert);
  }
  return seeded;
}
