import { seedDemoCatalog } from '../src/main';
import { bootConcert, fan, outcome, type Concert } from './concert-harness';

describe('the catalog and its availability lists (real FerretDB)', () => {
  let c: Concert;
  beforeAll(async () => {
    c = await bootConcert();
  });
  afterAll(() => c.stop());

  it('lists the demo concerts, each with three upcoming dates of 50 free seats', async () => {
    expect((await c.rpc.listConcerts()).concerts).toEqual([
      { concertCode: 'IU-2026', title: expect.any(String) },
      { concertCode: 'NEWJEANS-2026', title: expect.any(String) },
    ]);
    const concert = await c.rpc.getConcert('NEWJEANS-2026');
    expect(concert.dates).toHaveLength(3);
    for (const d of concert.dates) {
      expect(Date.parse(d.concertDate)).toBeGreaterThan(Date.now());
      expect(d.availableSeatCount).toBe(50);
    }
    const seats = await c.rpc.listSeats('NEWJEANS-2026', concert.dates[0]!.concertDate);
    expect(seats.seats.map((s) => s.seatNumber)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(seats.seats.every((s) => Number.isInteger(s.price) && s.price > 0)).toBe(true);
  });

  it('is seeded idempotently: a second seed keeps the same dates', async () => {
    const again = await seedDemoCatalog(c.mongoUrl);
    expect(again.map((x) => x.concertDates)).toEqual(c.seeded.map((x) => x.concertDates));
  });

  it('counts held and sold seats as taken, and a released one as free again', async () => {
    const date = c.dates[2]!;
    const [a, b] = [fan(), fan()];
    const held = await c.rpc.hold(a, 10, date);
    const sold = await c.rpc.hold(b, 11, date);
    await c.rpc.confirm(sold.reservationId, 'sell-11');
    const count = async () => (await c.rpc.getConcert('IU-2026')).dates.find((d) => d.concertDate === date)?.availableSeatCount;
    expect(await count()).toBe(48);
    const free = (await c.rpc.listSeats('IU-2026', date)).seats.map((s) => s.seatNumber);
    expect(free).not.toContain(10);
    expect(free).not.toContain(11);
    await c.rpc.release(held.reservationId, 'drop-10');
    expect(await count()).toBe(49);

    // Sold, then released by the saga: free again, and stays right once the list reads only the head.
    await c.rpc.release(sold.reservationId, 'undo-11');
    expect(await count()).toBe(50);
    await new Promise((r) => setTimeout(r, 1_100)); // the seat board's next read tidies the date
    expect(await count()).toBe(50);
    await new Promise((r) => setTimeout(r, 300));
    const partition = c.db.collection(`seats_IU-2026_${date.replace(/[-:.]/g, '')}`);
    expect(await partition.countDocuments({ seatNumber: 11, listed: true })).toBe(1);
    expect(await count()).toBe(50);
    await c.rpc.hold(fan(), 11, date);
    expect(await count()).toBe(49);
  });

  it('answers unknown concerts, unknown dates, non-dates and seats outside 1..50 with the contract codes', async () => {
    const date = c.dates[0]!;
    expect(await outcome(c.rpc.getConcert('NOPE-2026'))).toBe('CONCERT_NOT_FOUND');
    expect(await outcome(c.rpc.listSeats('NOPE-2026', date))).toBe('CONCERT_NOT_FOUND');
    expect(await outcome(c.rpc.listSeats('IU-2026', '2031-01-01T10:00:00.000Z'))).toBe('CONCERT_DATE_NOT_FOUND');
    expect(await outcome(c.rpc.listSeats('IU-2026', 'next friday'))).toBe('VALIDATION_FAILED');
    // Another spelling of the same instant names the same date.
    const kst = new Date(Date.parse(date) + 9 * 3_600_000).toISOString().replace('Z', '+09:00');
    expect((await c.rpc.listSeats('IU-2026', kst)).concertDate).toBe(date);
    for (const seat of [-1, 0, 51]) expect(await outcome(c.rpc.hold(fan(), seat, date))).toBe('SEAT_NOT_FOUND');
    expect(await outcome(c.rpc.hold(fan(), 1, '2031-01-01T10:00:00.000Z'))).toBe('CONCERT_DATE_NOT_FOUND');
    expect(await outcome(c.rpc.hold(fan(), 1, date, 'NOPE-2026'))).toBe('CONCERT_NOT_FOUND');
  });

  it('shows a reservation to its fan only', async () => {
    const f = fan();
    const hold = await c.rpc.hold(f, 20);
    expect(await c.rpc.getReservation(hold.reservationId, f)).toMatchObject({ status: 'HELD', seatNumber: 20, price: 143_000 });
    expect(await outcome(c.rpc.getReservation(hold.reservationId, fan()))).toBe('RESERVATION_NOT_FOUND');
    expect(await outcome(c.rpc.getReservation(hold.reservationId, f, 'NEWJEANS-2026'))).toBe('RESERVATION_NOT_FOUND');
    expect(await outcome(c.rpc.getReservation('made-up', f))).toBe('RESERVATION_NOT_FOUND');
    expect((await c.rpc.activeHold(f)).reservationId).toBe(hold.reservationId);
    expect(await outcome(c.rpc.activeHold(f, 'NEWJEANS-2026'))).toBe('RESERVATION_NOT_FOUND');
  });

  it('is sold out once every seat of every upcoming date is SOLD, and not while one is only held or released', async () => {
    const dates = c.seeded.find((x) => x.concertCode === 'NEWJEANS-2026')!.concertDates;
    const seats = dates.flatMap((date) => Array.from({ length: 50 }, (_, i) => ({ date, seat: i + 1 })));
    const holds = await Promise.all(seats.map(({ date, seat }) => c.rpc.hold(fan(), seat, date, 'NEWJEANS-2026')));
    const last = holds.pop()!;
    await Promise.all(holds.map((h, i) => c.rpc.confirm(h.reservationId, `sell-all-${i}`)));
    expect((await c.rpc.getConcert('NEWJEANS-2026')).soldOut).toBe(false); // one seat is only held
    await c.rpc.confirm(last.reservationId, 'sell-last');
    const soldOut = await c.rpc.getConcert('NEWJEANS-2026');
    expect(soldOut).toMatchObject({ soldOut: true, dates: [] });
    await c.rpc.release(last.reservationId, 'undo-last'); // a failed payment gives the seat back
    const again = await c.rpc.getConcert('NEWJEANS-2026');
    expect(again.soldOut).toBe(false);
    expect(again.dates.map((d) => d.availableSeatCount)).toEqual([1]);
  });
});
