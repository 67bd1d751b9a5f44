import { http } from './http-client';
import { ADMIN_TOKEN, bootSystem, finalPayment, ledgerCheck, newFan, sagaEvents, type System } from './system';

// Through the gateway, over the real queue, concert, wallet and payment services, FerretDB and RabbitMQ.
describe('payment saga end to end', () => {
  let system: System;
  let dates: string[];

  beforeAll(async () => {
    system = await bootSystem();
    dates = system.seeded.find((c) => c.concertCode === 'IU-2026')!.concertDates;
  }, 60_000);

  afterAll(async () => {
    await system?.stop();
  });

  it('happy path: 200 COMPLETED, seat CONFIRMED, balance debited once, token expired, timeline for operators', async () => {
    const fan = await newFan(system, 500_000);
    const hold = await fan.hold(dates[0]!, 1);

    const paid = await fan.pay();
    expect(paid.status).toBe(200);
    expect(paid.body).toEqual({
      paymentId: expect.any(String),
      status: 'COMPLETED',
      amount: hold.price,
      concertDate: hold.concertDate,
      seatNumber: 1,
      balance: 500_000 - hold.price,
    });
    expect(paid.headers['x-request-id']).toBeTruthy();
    const paymentId = paid.body.paymentId as string;

    expect(await fan.balance()).toBe(500_000 - hold.price);
    expect((await fan.reservation(hold.reservationId)).body.status).toBe('CONFIRMED');
    // The token is used up: routes that need it answer TOKEN_EXPIRED; 5-1 still works with it.
    const status = await http('GET', `${system.url}/concerts/IU-2026/token`, { token: fan.token });
    expect(status.status).toBe(401);
    expect(status.body.code).toBe('TOKEN_EXPIRED');
    expect((await fan.getPayment(paymentId)).body).toEqual({ paymentId, status: 'COMPLETED' });

    const { violations, kinds } = await ledgerCheck(system);
    expect(violations).toEqual([]);
    expect(kinds('DEBITED', paymentId)).toBe(1);

    const timeline = await http('GET', `${system.url}/admin/sagas/${paymentId}`, { headers: { 'x-admin-token': ADMIN_TOKEN } });
    expect(timeline.status).toBe(200);
    expect(timeline.body.status).toBe('COMPLETED');
    const steps = timeline.body.steps as { step: string; service: string; outcome: string; at: string; detail: string }[];
    expect(steps.map((s) => [s.step, s.service, s.outcome])).toEqual([
      ['PAYMENT_STARTED', 'payment', 'OK'],
      ['SEAT_CONFIRMED', 'concert', 'OK'],
      ['PAYMENT_COMPLETED', 'wallet', 'OK'],
    ]);
    expect(steps[2]!.detail).toMatch(/queue token expired/);
    expect([...steps].sort((a, b) => a.at.localeCompare(b.at))).toEqual(steps);

    expect((await http('GET', `${system.url}/admin/sagas/${paymentId}`)).status).toBe(401);
    expect((await http('GET', `${system.url}/admin/sagas/${paymentId}`, { headers: { 'x-admin-token': 'wrong-admin-token-123' } })).body.code).toBe('ADMIN_UNAUTHORIZED');
  });

  it('insufficient balance: 402 and the hold is kept; after a top-up the same hold can be paid', async () => {
    const fan = await newFan(system, 1_000);
    const hold = await fan.hold(dates[0]!, 2);
    const refused = await fan.pay();
    expect(refused.status).toBe(402);
    expect(refused.body.code).toBe('INSUFFICIENT_BALANCE');
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((await fan.reservation(hold.reservationId)).body.status).toBe('HELD');
    expect(await fan.balance()).toBe(1_000);

    await http('PATCH', `${system.url}/users/${fan.userId}/balance`, { body: { amount: hold.price }, headers: { 'x-user-key': fan.userKey } });
    const paid = await fan.pay();
    expect(paid.status).toBe(200);
    expect(paid.body.balance).toBe(1_000);
  });

  it('no hold: 404 RESERVATION_NOT_FOUND; a foreign payment is PAYMENT_NOT_FOUND', async () => {
    const fan = await newFan(system, 100_000);
    const none = await fan.pay();
    expect(none.status).toBe(404);
    expect(none.body.code).toBe('RESERVATION_NOT_FOUND');

    const payer = await newFan(system, 500_000);
    await payer.hold(dates[0]!, 3);
    const paid = await payer.pay();
    const foreign = await fan.getPayment(paid.body.paymentId as string);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('PAYMENT_NOT_FOUND');
  });

  it('Idempotency-Key: a repeat answers the first payment, even with the used-up token; nothing is paid twice', async () => {
    const fan = await newFan(system, 500_000);
    const hold = await fan.hold(dates[0]!, 4);
    const first = await fan.pay('key-1');
    expect(first.status).toBe(200);
    const again = await fan.pay('key-1');
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await fan.balance()).toBe(500_000 - hold.price);

    // A new key with the used-up token is not a replay: the token is expired.
    const fresh = await fan.pay('key-2');
    expect(fresh.status).toBe(401);
    expect(fresh.body.code).toBe('TOKEN_EXPIRED');
    const { kinds } = await ledgerCheck(system);
    expect(kinds('DEBITED', first.body.paymentId as string)).toBe(1);
  });

  it('Idempotency-Key repeats arriving while the first runs get 409 IDEMPOTENCY_KEY_IN_USE, and one payment', async () => {
    const fan = await newFan(system, 500_000);
    await fan.hold(dates[0]!, 5);
    const answers = await Promise.all(Array.from({ length: 5 }, () => fan.pay('same-key')));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.code === 'IDEMPOTENCY_KEY_IN_USE')).toBe(true);
    const { kinds } = await ledgerCheck(system);
    const paid = answers.find((a) => a.status === 200)!;
    expect(kinds('DEBITED', paid.body.paymentId as string)).toBe(1);
  });

  it('one fan posting payment twice at once: one payment, one debit', async () => {
    const fan = await newFan(system, 500_000);
    const hold = await fan.hold(dates[0]!, 6);
    const answers = await Promise.all([fan.pay(), fan.pay()]);
    const ok = answers.filter((a) => a.status === 200 || a.status === 202);
    expect(ok).toHaveLength(1);
    const other = answers.find((a) => a !== ok[0])!;
    expect(['PAYMENT_IN_PROGRESS', 'RESERVATION_NOT_FOUND', 'TOKEN_EXPIRED']).toContain(other.body.code);
    const final = await finalPayment(fan, ok[0]!.body.paymentId as string);
    expect(final.status).toBe('COMPLETED');
    expect(await fan.balance()).toBe(500_000 - hold.price);
    const sagaCount = (await system.paymentDb.collection('saga_events').distinct('sagaId', { 'state.userId': fan.userId })).length;
    expect(sagaCount).toBe(1);
  });

  it('every log line about a saga carries its sagaId and request id (payment service logs)', async () => {
    const fan = await newFan(system, 500_000);
    await fan.hold(dates[0]!, 7);
    const paid = await fan.pay();
    const events = await sagaEvents(system, paid.body.paymentId as string);
    expect(events.map((e) => e.name)).toEqual(['PAYMENT_STARTED', 'SEAT_CONFIRMED', 'PAYMENT_COMPLETED']);
    // The sweeper's flag lives on the saga's first record only, and the completing step clears it.
    expect(events.map((e) => e.version === 1 || e.open)).toEqual([true, false, false]);
    for (let i = 0; i < 20 && (await sagaEvents(system, paid.body.paymentId as string))[0]!.open; i++) await new Promise((r) => setTimeout(r, 100));
    expect((await sagaEvents(system, paid.body.paymentId as string))[0]!.open).toBe(false);
    expect(events.every((e) => e.state.requestId === paid.headers['x-request-id'])).toBe(true);
  });
});
