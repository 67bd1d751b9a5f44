import { bootConcert, fan, outcome, tally, type Concert } from './concert-harness';

describe('holding seats under contention (real FerretDB)', () => {
  let c: Concert;
  beforeAll(async () => {
    c = await bootConcert();
  });
  afterAll(() => c.stop());

  it('gives one seat raced by 500 distinct fans to exactly one of them; the other 499 get SEAT_ALREADY_HELD', async () => {
    const fans = Array.from({ length: 500 }, fan);
    const results = await Promise.all(fans.map((f) => c.rpc.hold(f, 7).then((r) => ({ f, r }), (e: unknown) => ({ f, e }))));
    const codes = await Promise.all(results.map((x) => outcome('r' in x ? Promise.resolve() : Promise.reject(x.e))));
    expect(tally(codes)).toEqual({ OK: 1, SEAT_ALREADY_HELD: 499 });
    const winner = results.find((x) => 'r' in x) as { f: string; r: { reservationId: string; status: string } };
    expect(winner.r.status).toBe('HELD');
    expect((await c.rpc.getReservation(winner.r.reservationId, winner.f)).status).toBe('HELD');
    const seats = await c.rpc.listSeats('IU-2026', c.dates[0]!);
    expect(seats.seats.map((s) => s.seatNumber)).not.toContain(7);
    expect(seats.seats).toHaveLength(49);
  });

  it('spreads 1,000 fans racing two seats each over 50 seats into exactly 50 holds, nobody holding two', async () => {
    const date = c.dates[1]!;
    const fans = Array.from({ length: 1_000 }, fan);
    const attempts = fans.flatMap((f, i) => [
      c.rpc.hold(f, (i % 50) + 1, date).then((r) => ({ f, r })),
      c.rpc.hold(f, ((i + 25) % 50) + 1, date).then((r) => ({ f, r })),
    ]);
    const settled = await Promise.allSettled(attempts);
    const wins = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const codes = await Promise.all(settled.map((s) => outcome(s.status === 'fulfilled' ? Promise.resolve() : Promise.reject(s.reason))));
    const t = tally(codes);
    expect(Object.keys(t).sort()).toEqual(expect.arrayContaining(['OK']));
    for (const code of Object.keys(t)) expect(['OK', 'SEAT_ALREADY_HELD', 'HOLD_ALREADY_EXISTS']).toContain(code);
    expect(wins).toHaveLength(50);
    expect(new Set(wins.map((w) => w.r.seatNumber)).size).toBe(50);
    expect(new Set(wins.map((w) => w.f)).size).toBe(50);
    expect((await c.rpc.listSeats('IU-2026', date)).seats).toHaveLength(0);
    const held = await c.db.collection(`seats_IU-2026_${date.replace(/[-:.]/g, '')}`).countDocuments({ type: 'HELD' });
    expect(held).toBe(50);
  });

  it('lets one fan racing for 10 seats at once hold exactly one; the rest get HOLD_ALREADY_EXISTS', async () => {
    const f = fan();
    const date = c.dates[2]!;
    const codes = await Promise.all(Array.from({ length: 10 }, (_, i) => outcome(c.rpc.hold(f, 11 + i, date))));
    expect(tally(codes)).toEqual({ OK: 1, HOLD_ALREADY_EXISTS: 9 });
    expect((await c.rpc.listSeats('IU-2026', date)).seats).toHaveLength(49);
    const active = await c.rpc.activeHold(f);
    expect(active.status).toBe('HELD');
    // Another date of the same concert is the same concert: still one hold.
    expect(await outcome(c.rpc.hold(f, 30, c.dates[0]!))).toBe('HOLD_ALREADY_EXISTS');
  });

  it('gives a fan repeating the same seat 20 times at once the same reservation every time', async () => {
    const f = fan();
    const date = c.dates[2]!;
    const holds = await Promise.all(Array.from({ length: 20 }, () => c.rpc.hold(f, 40, date)));
    expect(new Set(holds.map((h) => h.reservationId)).size).toBe(1);
    expect(holds[0]).toMatchObject({ status: 'HELD', seatNumber: 40, concertDate: date, userId: f, price: 121_000 });
    expect((await c.rpc.hold(f, 40, date)).reservationId).toBe(holds[0]!.reservationId);
  });
});
