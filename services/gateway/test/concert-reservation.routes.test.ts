import { bootConcertStack, http } from './concert-stack';

type Stack = Awaited<ReturnType<typeof bootConcertStack>>;

const tally = (statuses: number[]) => statuses.reduce<Record<number, number>>((t, s) => ({ ...t, [s]: (t[s] ?? 0) + 1 }), {});

describe('routes 0-2, 2-1, 2-2, 3-1, 3-2 through the real gateway, concert and queue services', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await bootConcertStack();
  }, 60_000);
  afterAll(() => s.stop());

  it('0-2 lists the concerts without a token', async () => {
    const res = await http('GET', `${s.url}/concerts`);
    expect(res.status).toBe(200);
    expect(res.body.concertList).toEqual([
      { concertCode: 'IU-2026', title: expect.any(String) },
      { concertCode: 'NEWJEANS-2026', title: expect.any(String) },
    ]);
  });

  it('2-1 gives an ACTIVE fan the upcoming dates with free-seat counts; an unknown concert is 404', async () => {
    const [fan] = await s.activeFans(1);
    const res = await http('GET', `${s.url}/concerts/IU-2026`, { token: fan!.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      concertCode: 'IU-2026',
      title: expect.any(String),
      concertDateList: s.dates.map((concertDate) => ({ concertDate, availableSeatCount: 50 })),
    });
    expect((await http('GET', `${s.url}/concerts/IU-2026`)).body.code).toBe('INVALID_TOKEN');
    const [stranger] = await s.activeFans(1, 'NOPE-2026');
    const missing = await http('GET', `${s.url}/concerts/NOPE-2026`, { token: stranger!.token });
    expect(missing).toMatchObject({ status: 404, body: { code: 'CONCERT_NOT_FOUND' } });
  });

  it('2-2 lists the free seats of a date from the query or the GET body; bad dates are 400 or 404', async () => {
    const [fan] = await s.activeFans(1);
    const t = fan!.token;
    const date = s.dates[0]!;
    const byQuery = await http('GET', `${s.url}/concerts/IU-2026/seats?concertDate=${encodeURIComponent(date)}`, { token: t });
    expect(byQuery.status).toBe(200);
    expect(byQuery.body.concertDate).toBe(date);
    expect(byQuery.body.concertSeatList).toHaveLength(50);
    expect((byQuery.body.concertSeatList as { seatNumber: number; price: number }[])[0]).toEqual({ seatNumber: 1, price: 165_000 });
    const byBody = await http('GET', `${s.url}/concerts/IU-2026/seats`, { token: t, body: { UUID: fan!.userId, concertDate: date } });
    expect(byBody.status).toBe(200);
    expect(byBody.body.concertSeatList).toEqual(byQuery.body.concertSeatList);

    const unknown = await http('GET', `${s.url}/concerts/IU-2026/seats?concertDate=2031-01-01T10:00:00.000Z`, { token: t });
    expect(unknown).toMatchObject({ status: 404, body: { code: 'CONCERT_DATE_NOT_FOUND' } });
    for (const bad of ['not-a-date', '2026-13-45T99:00:00Z', '2026-12-24']) {
      const res = await http('GET', `${s.url}/concerts/IU-2026/seats?concertDate=${encodeURIComponent(bad)}`, { token: t });
      expect(res).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    }
    expect(await http('GET', `${s.url}/concerts/IU-2026/seats`, { token: t })).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
  });

  it('3-1 holds a seat and 3-2 shows it to its fan only; bad seat numbers are 400 or 404', async () => {
    const [a, b] = await s.activeFans(2);
    const date = s.dates[2]!;
    const hold = (fan: { userId: string; token: string }, seatNumber: unknown) =>
      http('PATCH', `${s.url}/concerts/IU-2026`, { token: fan.token, body: { UUID: fan.userId, concertDate: date, seatNumber } });

    for (const bad of [7.5, '7', null]) expect(await hold(a!, bad)).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    for (const out of [-1, 0, 51, 2 ** 40]) expect(await hold(a!, out)).toMatchObject({ status: 404, body: { code: 'SEAT_NOT_FOUND' } });

    const held = await hold(a!, 12);
    expect(held.status).toBe(200);
    expect(held.body).toEqual({ reservationId: expect.any(String), status: 'HELD', concertDate: date, seatNumber: 12, price: 143_000, expiresAt: expect.any(String) });
    expect(await hold(a!, 12)).toMatchObject({ status: 200, body: { reservationId: held.body.reservationId } });
    expect(await hold(b!, 12)).toMatchObject({ status: 409, body: { code: 'SEAT_ALREADY_HELD' } });
    expect(await hold(a!, 13)).toMatchObject({ status: 409, body: { code: 'HOLD_ALREADY_EXISTS' } });
    const mismatch = await http('PATCH', `${s.url}/concerts/IU-2026`, { token: b!.token, body: { UUID: a!.userId, concertDate: date, seatNumber: 14 } });
    expect(mismatch).toMatchObject({ status: 403, body: { code: 'TOKEN_MISMATCH' } });

    const seats = await http('GET', `${s.url}/concerts/IU-2026/seats?concertDate=${encodeURIComponent(date)}`, { token: b!.token });
    expect((seats.body.concertSeatList as { seatNumber: number }[]).map((x) => x.seatNumber)).not.toContain(12);

    const path = `${s.url}/concerts/IU-2026/reservations/${held.body.reservationId as string}`;
    expect(await http('GET', path, { token: a!.token })).toMatchObject({ status: 200, body: { status: 'HELD', seatNumber: 12 } });
    expect(await http('GET', path, { token: b!.token })).toMatchObject({ status: 404, body: { code: 'RESERVATION_NOT_FOUND' } });
    expect(await http('GET', `${s.url}/concerts/IU-2026/reservations/made-up`, { token: a!.token })).toMatchObject({ status: 404 });

    // After paying, the fan's token is used up: the reservation is still theirs to read, holding is not.
    await s.expireToken(a!);
    expect(await http('GET', path, { token: a!.token })).toMatchObject({ status: 200, body: { reservationId: held.body.reservationId } });
    expect(await hold(a!, 20)).toMatchObject({ status: 401, body: { code: 'TOKEN_EXPIRED' } });
  });

  it('500 ACTIVE fans reserving one seat at once: exactly one 200, 499 × 409, no 5xx', async () => {
    const fans = await s.activeFans(500);
    const date = s.dates[0]!;
    const answers = await Promise.all(
      fans.map((f) => http('PATCH', `${s.url}/concerts/IU-2026`, { token: f.token, body: { UUID: f.userId, concertDate: date, seatNumber: 33 } })),
    );
    expect(tally(answers.map((a) => a.status))).toEqual({ 200: 1, 409: 499 });
    expect(new Set(answers.filter((a) => a.status === 409).map((a) => a.body.code))).toEqual(new Set(['SEAT_ALREADY_HELD']));
  }, 60_000);

  it('1,000 ACTIVE fans spread over the 50 seats of a date: exactly 50 holds, one per seat and fan', async () => {
    const fans = await s.activeFans(1_000);
    const date = s.dates[1]!;
    const answers = await Promise.all(
      fans.map((f, i) =>
        http('PATCH', `${s.url}/concerts/IU-2026`, { token: f.token, body: { UUID: f.userId, concertDate: date, seatNumber: (i % 50) + 1 } }).then((a) => ({ ...a, f })),
      ),
    );
    const wins = answers.filter((a) => a.status === 200);
    expect(tally(answers.map((a) => a.status))).toEqual({ 200: 50, 409: 950 });
    expect(new Set(wins.map((w) => w.body.seatNumber)).size).toBe(50);
    expect(new Set(wins.map((w) => w.f.userId)).size).toBe(50);
    const [viewer] = await s.activeFans(1);
    const concert = await http('GET', `${s.url}/concerts/IU-2026`, { token: viewer!.token });
    expect((concert.body.concertDateList as { concertDate: string }[]).map((d) => d.concertDate)).not.toContain(date);
  }, 60_000);
});
