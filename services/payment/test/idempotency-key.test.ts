import { callUnary } from '@concert/grpc-kit';
import { http } from './http-client';
import { bootSystem, ledgerCheck, newFan, type System } from './system';

// Idempotency-Key through the gateway: one insert decides, every repeat answers the first answer.
describe('Idempotency-Key replays', () => {
  let system: System;
  let dates: string[];

  beforeAll(async () => {
    system = await bootSystem();
    dates = system.seeded.find((c) => c.concertCode === 'IU-2026')!.concertDates;
  }, 60_000);

  afterAll(async () => {
    await system?.stop();
  });

  it('same key → the same paymentId, paid once; one key record, never updated', async () => {
    const fan = await newFan(system, 500_000);
    const hold = await fan.hold(dates[2]!, 1);
    const first = await fan.pay('k-same');
    const again = await fan.pay('k-same');
    expect(first.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const records = await system.paymentDb.collection('idempotency_keys').find({ key: `${fan.userId}:k-same` }).toArray();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ paymentId: first.body.paymentId, errorCode: null });
    expect((await ledgerCheck(system)).kinds('DEBITED', first.body.paymentId as string)).toBe(1);
    expect(await fan.balance()).toBe(500_000 - hold.price);
  });

  it('the same key with a different request (another concert) → 422 IDEMPOTENCY_KEY_REUSED', async () => {
    const fan = await newFan(system, 500_000);
    await fan.hold(dates[2]!, 2);
    const first = await fan.pay('k-body');
    expect(first.status).toBe(200);
    const request = { userId: fan.userId, concertCode: 'NEWJEANS-2026', tokenId: fan.tokenId, idempotencyKey: 'k-body', waitMs: 0, replayOnly: false };
    await expect(callUnary(system.paymentClient, system.paymentClient.startPayment, request, { timeoutMs: 5_000 })).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('a repeat while the first still runs → 409 IDEMPOTENCY_KEY_IN_USE', async () => {
    const fan = await newFan(system, 500_000);
    await fan.hold(dates[2]!, 3);
    const [a, b] = await Promise.all([fan.pay('k-busy'), new Promise((r) => setTimeout(r, 30)).then(() => fan.pay('k-busy'))]);
    const statuses = [a.status, b.status].sort();
    expect(statuses[0]).toBe(200);
    expect(statuses[1]).toBe(409);
    expect([a, b].find((x) => x.status === 409)!.body.code).toBe('IDEMPOTENCY_KEY_IN_USE');
  });

  it('a repeat after a 402 → 402 again, even after a top-up; a new key pays', async () => {
    const fan = await newFan(system, 1_000);
    const hold = await fan.hold(dates[2]!, 4);
    const refused = await fan.pay('k-poor');
    expect(refused.status).toBe(402);
    await http('PATCH', `${system.url}/users/${fan.userId}/balance`, { body: { amount: hold.price }, headers: { 'x-user-key': fan.userKey } });
    const again = await fan.pay('k-poor');
    expect(again.status).toBe(402);
    expect(again.body.code).toBe('INSUFFICIENT_BALANCE');
    expect((await fan.pay('k-rich')).status).toBe(200);
    // With the used-up token, each key answers what it answered first.
    expect((await fan.pay('k-poor')).status).toBe(402);
    expect((await fan.pay('k-rich')).status).toBe(200);
  });

  it('a repeat after 404 (no hold) → 404, even once a seat is held', async () => {
    const fan = await newFan(system, 500_000);
    const none = await fan.pay('k-nohold');
    expect(none.status).toBe(404);
    await fan.hold(dates[2]!, 5);
    expect((await fan.pay('k-nohold')).status).toBe(404);
    expect((await fan.pay('k-hold')).status).toBe(200);
  });
});
