import { bootSystem, finalPayment, ledgerCheck, newFan, type Fan, type System } from './system';

// 200 fans, each holding a different seat, all paying at the same moment through the gateway.
describe('200 fans paying at once', () => {
  let system: System;

  beforeAll(async () => {
    system = await bootSystem();
  }, 60_000);

  afterAll(async () => {
    await system?.stop();
  });

  it('all complete, every sold seat has exactly one completed payment, and money is conserved', async () => {
    // 3 dates × 50 seats of IU-2026 and 50 seats of NEWJEANS-2026: one seat per fan.
    const seats = system.seeded.flatMap((c) => c.concertDates.flatMap((date) => Array.from({ length: 50 }, (_, i) => ({ concertCode: c.concertCode, date, seat: i + 1 }))));
    const plan = seats.slice(0, 150).concat(seats.filter((s) => s.concertCode !== 'IU-2026').slice(0, 50));
    expect(plan).toHaveLength(200);

    const fans: { fan: Fan; price: number; reservationId: string }[] = [];
    for (let i = 0; i < plan.length; i += 25) {
      const batch = await Promise.all(
        plan.slice(i, i + 25).map(async ({ concertCode, date, seat }) => {
          const fan = await newFan(system, 1_000_000, concertCode);
          const hold = await fan.hold(date, seat);
          return { fan, price: hold.price, reservationId: hold.reservationId };
        }),
      );
      fans.push(...batch);
    }

    const answers = await Promise.all(fans.map(({ fan }) => fan.pay()));
    expect(answers.filter((a) => a.status !== 200 && a.status !== 202)).toEqual([]);
    const finals = await Promise.all(answers.map((a, i) => finalPayment(fans[i]!.fan, a.body.paymentId as string, 60_000)));
    expect(finals.filter((f) => f.status !== 'COMPLETED')).toEqual([]);

    const { violations, kinds, byUser } = await ledgerCheck(system);
    expect(violations).toEqual([]);
    expect(kinds('DEBITED')).toBe(200);
    expect(kinds('REFUNDED')).toBe(0);
    for (const { fan, price } of fans) expect(byUser.get(fan.userId)!.head.balance).toBe(1_000_000 - price);

    // One completed payment per sold seat, and every paid reservation is CONFIRMED.
    const completed = await system.paymentDb.collection('saga_events').find({ 'state.status': 'COMPLETED', 'state.deadlineAt': null }).toArray();
    const seatKeys = completed.map((e) => `${e.state.concertCode}|${e.state.concertDate}|${e.state.seatNumber}`);
    expect(new Set(seatKeys).size).toBe(200);
    const statuses = await Promise.all(fans.map(({ fan, reservationId }) => fan.reservation(reservationId)));
    expect(statuses.filter((s) => s.body.status !== 'CONFIRMED')).toEqual([]);
  }, 180_000);
});
