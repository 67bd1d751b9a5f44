import { bootConcert, fan, outcome, sleep, tally, type Concert } from './concert-harness';

const TTL = 1_500;

describe('hold expiry, with a short holdTtl (real FerretDB)', () => {
  let c: Concert;
  beforeAll(async () => {
    c = await bootConcert(TTL);
  });
  afterAll(() => c.stop());

  it('frees the seat at expiresAt with no job: listed again, EXPIRED, and the fan may hold again', async () => {
    const [a, b] = [fan(), fan()];
    const date = c.dates[0]!;
    const hold = await c.rpc.hold(a, 5, date);
    expect(Date.parse(hold.expiresAt) - Date.now()).toBeGreaterThan(TTL - 1_000);
    expect((await c.rpc.listSeats('IU-2026', date)).seats.map((s) => s.seatNumber)).not.toContain(5);
    expect(await outcome(c.rpc.hold(b, 5, date))).toBe('SEAT_ALREADY_HELD');
    expect(await outcome(c.rpc.hold(a, 6, date))).toBe('HOLD_ALREADY_EXISTS');

    await sleep(Date.parse(hold.expiresAt) - Date.now() + 50);
    expect((await c.rpc.listSeats('IU-2026', date)).seats.map((s) => s.seatNumber)).toContain(5);
    expect((await c.rpc.getReservation(hold.reservationId, a)).status).toBe('EXPIRED');
    expect(await outcome(c.rpc.activeHold(a))).toBe('SEAT_HOLD_EXPIRED');
    expect(await outcome(c.rpc.confirm(hold.reservationId, 'late-confirm'))).toBe('SEAT_HOLD_EXPIRED');

    const again = await c.rpc.hold(a, 6, date);
    expect(again.reservationId).not.toBe(hold.reservationId);
    const taken = await c.rpc.hold(b, 5, date);
    expect(taken.userId).toBe(b);
    expect((await c.rpc.listSeats('IU-2026', date)).seats.map((s) => s.seatNumber)).not.toContain(5);

    // Superseded by the late confirm's fence and the new hold, the expired hold's records are no longer read.
    const partition = c.db.collection(`seats_IU-2026_${date.replace(/[-:.]/g, '')}`);
    await sleep(1_100); // the seat board's next read of the date finds it superseded
    await c.rpc.listSeats('IU-2026', date);
    await sleep(300);
    expect(await partition.countDocuments({ reservationId: hold.reservationId, listed: false })).toBe(2);
  });

  it('races a confirm against a new fan grabbing each of 20 expiring seats: exactly one of them wins every seat', async () => {
    const date = c.dates[1]!;
    const seats = Array.from({ length: 20 }, (_, i) => i + 1);
    const holds = await Promise.all(seats.map((s) => c.rpc.hold(fan(), s, date)));
    const untilExpiry = (h: { expiresAt: string }, offsetMs: number) => sleep(Math.max(0, Date.parse(h.expiresAt) + offsetMs - Date.now()));

    // Seat i's confirm fires from 150 ms before to 135 ms after its hold's expiry; a new fan starts
    // trying just before expiry and keeps trying until it holds the seat or sees it sold.
    const newcomer = async (seat: number) => {
      const f = fan();
      for (;;) {
        const code = await outcome(c.rpc.hold(f, seat, date));
        if (code !== 'SEAT_ALREADY_HELD') return code;
        await sleep(3);
      }
    };
    const raced = await Promise.all(
      holds.map(async (h, i) => {
        const [confirm, grab] = await Promise.all([
          untilExpiry(h, -150 + i * 15).then(() => outcome(c.rpc.confirm(h.reservationId, `confirm-${i}`))),
          untilExpiry(h, -20).then(() => newcomer(h.seatNumber)),
        ]);
        return { confirm, grab };
      }),
    );
    for (const { confirm, grab } of raced) {
      expect([confirm, grab].filter((x) => x === 'OK')).toHaveLength(1);
      if (confirm === 'OK') expect(grab).toBe('SEAT_ALREADY_SOLD');
      else expect(confirm).toBe('SEAT_HOLD_EXPIRED');
    }
    const free = new Set((await c.rpc.listSeats('IU-2026', date)).seats.map((s) => s.seatNumber));
    for (const s of seats) expect(free.has(s)).toBe(false);
    // The race straddled the expiry moment: confirms won some seats and new fans others.
    const t = tally(raced.map((r) => r.confirm));
    expect(t.OK).toBeGreaterThan(0);
    expect(t.SEAT_HOLD_EXPIRED).toBeGreaterThan(0);
  });
});
