import { bootConcert, fan, outcome, type Concert } from './concert-harness';

describe('ConfirmSeat and ReleaseSeat for the saga (real FerretDB)', () => {
  let c: Concert;
  beforeAll(async () => {
    c = await bootConcert();
  });
  afterAll(() => c.stop());

  const partition = () => c.db.collection(`seats_IU-2026_${c.dates[0]!.replace(/[-:.]/g, '')}`);

  it('sells a live hold for good, and a replay returns the first answer even after a release', async () => {
    const f = fan();
    const hold = await c.rpc.hold(f, 1);
    const sold = await c.rpc.confirm(hold.reservationId, 'cmd-confirm-1', 'saga-A');
    expect(sold).toMatchObject({ reservationId: hold.reservationId, status: 'CONFIRMED', userId: f });
    expect((await c.rpc.getReservation(hold.reservationId, f)).status).toBe('CONFIRMED');
    expect(await outcome(c.rpc.hold(fan(), 1))).toBe('SEAT_ALREADY_SOLD');
    expect((await c.rpc.listSeats('IU-2026', c.dates[0]!)).seats.map((s) => s.seatNumber)).not.toContain(1);
    // Paid: the fan has no unpaid hold any more and may hold another seat.
    expect(await outcome(c.rpc.activeHold(f))).toBe('RESERVATION_NOT_FOUND');

    const released = await c.rpc.release(hold.reservationId, 'cmd-release-1', 'saga-A');
    expect(released.status).toBe('RELEASED');
    expect((await c.rpc.listSeats('IU-2026', c.dates[0]!)).seats.map((s) => s.seatNumber)).toContain(1);

    expect((await c.rpc.confirm(hold.reservationId, 'cmd-confirm-1', 'saga-A')).status).toBe('CONFIRMED');
    expect((await c.rpc.release(hold.reservationId, 'cmd-release-1', 'saga-A')).status).toBe('RELEASED');
    // A new command on the released reservation is rejected, and its replay too.
    expect(await outcome(c.rpc.confirm(hold.reservationId, 'cmd-confirm-2'))).toBe('SEAT_HOLD_EXPIRED');
    expect(await outcome(c.rpc.confirm(hold.reservationId, 'cmd-confirm-2'))).toBe('SEAT_HOLD_EXPIRED');

    // The answer lives on the record the command appended: one per command, whatever the replays.
    const soldRecords = await partition().find({ commandId: 'cmd-confirm-1' }).toArray();
    expect(soldRecords).toHaveLength(1);
    expect(soldRecords[0]).toMatchObject({ type: 'SOLD', reservationId: hold.reservationId, sagaId: 'saga-A' });
    expect(await partition().countDocuments({ reservationId: hold.reservationId })).toBe(3);
  });

  it('answers 30 concurrent deliveries of one confirm alike, with one SOLD record', async () => {
    const hold = await c.rpc.hold(fan(), 2);
    const answers = await Promise.all(Array.from({ length: 30 }, () => c.rpc.confirm(hold.reservationId, 'cmd-dup', 'saga-B')));
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set(['CONFIRMED']));
    expect(await partition().countDocuments({ reservationId: hold.reservationId, type: 'SOLD' })).toBe(1);
  });

  it('never sells one hold to two sagas', async () => {
    const hold = await c.rpc.hold(fan(), 3);
    const codes = await Promise.all(['saga-x', 'saga-y', 'saga-z'].map((s) => outcome(c.rpc.confirm(hold.reservationId, `confirm-${s}`, s))));
    expect(codes.filter((x) => x === 'OK')).toHaveLength(1);
    expect(codes.filter((x) => x === 'SEAT_HOLD_EXPIRED')).toHaveLength(2);
  });

  it('releases a merely held seat, and rejects commands on unknown reservations (replays too)', async () => {
    const f = fan();
    const hold = await c.rpc.hold(f, 4);
    expect((await c.rpc.release(hold.reservationId, 'rel-held')).status).toBe('RELEASED');
    expect((await c.rpc.getReservation(hold.reservationId, f)).status).toBe('RELEASED');
    expect((await c.rpc.hold(f, 4)).reservationId).not.toBe(hold.reservationId);

    const madeUp = `IU-2026.${c.dates[0]!.replace(/[-:.]/g, '')}.9.0123456789abcdef`;
    for (const id of [madeUp, 'garbage']) {
      expect(await outcome(c.rpc.confirm(id, `c-${id}`))).toBe('RESERVATION_NOT_FOUND');
      expect(await outcome(c.rpc.confirm(id, `c-${id}`))).toBe('RESERVATION_NOT_FOUND');
      expect(await outcome(c.rpc.release(id, `r-${id}`))).toBe('RESERVATION_NOT_FOUND');
    }
    expect(await outcome(c.rpc.confirm('', 'x'))).toBe('VALIDATION_FAILED');
  });
});
