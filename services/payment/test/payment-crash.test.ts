import { payAgainIfRefused, sleep, type Buyer } from './fault-scenario';
import { bootSystem, ledgerCheck, newFan, sagaEvents, startPaymentRpc, type System } from './system';

// The payment service runs as its own process here, so that it can be killed with SIGKILL mid-saga.
describe('payment service killed with kill -9 in the middle of sagas', () => {
  let system: System;

  beforeAll(async () => {
    system = await bootSystem({ paymentAsChild: true });
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
  });

  it('after a restart every saga reaches a final state; no seat sold twice, no money lost or created', async () => {
    const dates = system.seeded.find((c) => c.concertCode === 'IU-2026')!.concertDates;
    const fans: Buyer[] = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const fan = await newFan(system, 1_000_000);
        const hold = await fan.hold(dates[2]!, i + 1);
        return { fan, reservationId: hold.reservationId, price: hold.price };
      }),
    );

    // Start them all, and kill the payment process while their steps are in flight.
    // Staggered, so that at any moment some sagas are starting, some mid-way and some done.
    const started = fans.map(({ fan }, i) =>
      sleep(i * 25).then(() => startPaymentRpc(system, { userId: fan.userId, concertCode: 'IU-2026', tokenId: fan.tokenId, waitMs: 0 })),
    );
    const sagas = system.paymentDb.collection('saga_events');
    for (let i = 0; i < 500 && (await sagas.distinct('sagaId')).length < 3; i++) await sleep(10);
    await system.killPayment();
    const outcomes = await Promise.allSettled(started);
    // Proof that the kill hit sagas mid-way: some were stored but not finished when the process died.
    const stored = await system.paymentDb.collection('saga_events').find({}).toArray();
    const finished = new Set(stored.filter((e) => e.state.status !== 'PENDING').map((e) => e.sagaId));
    expect(new Set(stored.map((e) => e.sagaId)).size - finished.size).toBeGreaterThan(0);

    await sleep(1_000); // outcomes pile up in the payment's reply queue meanwhile
    await system.startPayment();

    // Fans whose StartPayment died with the process simply pay again (their hold is still theirs).
    await payAgainIfRefused(system, fans, outcomes);
    const finalStates: string[] = [];
    for (const { fan } of fans) {
      const sagaIds: string[] = await system.paymentDb.collection('saga_events').distinct('sagaId', { 'state.userId': fan.userId });
      expect(sagaIds).toHaveLength(1);
      let status = 'PENDING';
      for (let i = 0; i < 150 && status === 'PENDING'; i++) {
        status = (await sagaEvents(system, sagaIds[0]!)).at(-1)!.state.status;
        if (status === 'PENDING') await sleep(200);
      }
      finalStates.push(status);
    }
    expect(finalStates).toEqual(fans.map(() => 'COMPLETED'));

    const { violations, kinds, byUser } = await ledgerCheck(system);
    expect(violations).toEqual([]);
    expect(kinds('DEBITED')).toBe(fans.length);
    for (const { fan, price } of fans) expect(byUser.get(fan.userId)!.head.balance).toBe(1_000_000 - price);
    for (const { fan, reservationId } of fans) expect((await fan.reservation(reservationId)).body.status).toBe('CONFIRMED');

    // The restarted process logged each step with the saga's id and the request id of the payment.
    const steps = system.logs.map((l) => JSON.parse(l.startsWith('{') ? l : '{}') as Record<string, string>).filter((l) => l.msg?.startsWith('saga step'));
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.filter((l) => !(l.service === 'payment' && typeof l.sagaId === 'string' && l.sagaId.length > 0))).toEqual([]);
  }, 120_000);
});
