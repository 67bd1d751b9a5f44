import { randomUUID } from 'node:crypto';
import { SAGA_MESSAGES } from '@concert/amqp-kit';
import { callUnary, createClient } from '@concert/grpc-kit';
import { loadPaymentProto } from '@concert/protos';
import { startFaultProxy, type FaultProxy } from '@concert/testing';
import { sagaIdOfReservation } from '../src/domain/saga-state';
import { bootSystem, finalPayment, ledgerCheck, newFan, startPaymentRpc, type System } from './system';

/** The insert command of a saga step (BSON: the string element `insert` naming saga_events). */
const isSagaInsert = (request: string): boolean => /\x02insert\x00[\s\S]{4}saga_events\x00/.test(request);

type Answer = { status: string; paymentId: string } | { code: string };

/**
 * Idempotency-Key and the saga's first insert when things go wrong: an insert that lands without an
 * answer, a key whose first request died between its two inserts, and hundreds of repeats of one key
 * racing over two payment replicas. The key's answer is the saga's, whatever happened on the way.
 */
describe('Idempotency-Key under lost answers and races', () => {
  let system: System;
  let proxy: FaultProxy;
  let dates: string[];

  beforeAll(async () => {
    system = await bootSystem({
      paymentMongoVia: async (url) => {
        proxy = await startFaultProxy(url, 27017);
        return proxy.url;
      },
    });
    dates = system.seeded.find((c) => c.concertCode === 'IU-2026')!.concertDates;
  }, 60_000);

  afterAll(async () => {
    await system?.stop();
    await proxy?.close();
  });

  const rpc = (client: System['paymentClient'], request: { userId: string; tokenId: string; idempotencyKey?: string }): Promise<Answer> =>
    callUnary(client, client.startPayment, { concertCode: 'IU-2026', idempotencyKey: '', replayOnly: false, waitMs: 10_000, ...request }, { timeoutMs: 20_000 }).then(
      (p) => ({ status: p.status, paymentId: p.paymentId }),
      (error: { code?: string }) => ({ code: String(error.code) }),
    );

  it('the saga insert lands but its answer is lost: answered from the saga (not an error), paid once, the repeat answers the same', async () => {
    const fan = await newFan(system, 500_000);
    const hold = await fan.hold(dates[0]!, 1);
    const paymentId = sagaIdOfReservation(hold.reservationId);
    const cutsBefore = proxy.cuts();
    proxy.cutAfterAnswer(isSagaInsert);
    const first = await rpc(system.paymentClient, { userId: fan.userId, tokenId: fan.tokenId, idempotencyKey: 'k-lost' });
    expect(proxy.cuts()).toBe(cutsBefore + 1);
    expect(first).toEqual({ status: expect.stringMatching(/^(COMPLETED|PENDING)$/), paymentId });
    expect((await finalPayment(fan, paymentId)).status).toBe('COMPLETED');
    // The gateway replays the key with the used-up token: the same payment.
    const again = await fan.pay('k-lost');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ paymentId, status: 'COMPLETED' });
    expect(await system.paymentDb.collection('idempotency_keys').find({ key: `${fan.userId}:k-lost` }).toArray()).toEqual([
      expect.objectContaining({ paymentId, errorCode: null }),
    ]);
    expect(await fan.balance()).toBe(500_000 - hold.price);
  }, 40_000);

  it('without a key too: the request whose insert landed unanswered joins its own saga (200, not 5xx)', async () => {
    const fan = await newFan(system, 500_000);
    const hold = await fan.hold(dates[0]!, 2);
    proxy.cutAfterAnswer(isSagaInsert);
    const paid = await fan.pay();
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ paymentId: sagaIdOfReservation(hold.reservationId), status: 'COMPLETED' });
  }, 40_000);

  it('a key whose first request died between its two inserts answers the same refusal for a later hold, never another payment', async () => {
    const fan = await newFan(system, 500_000);
    // The first request stored its key for a hold that has since gone, and died before its saga.
    await system.paymentDb.collection('idempotency_keys').insertOne({
      key: `${fan.userId}:k-died`,
      requestHash: 'IU-2026',
      createdAt: new Date(Date.now() - 600_000),
      paymentId: sagaIdOfReservation(randomUUID()),
      errorCode: null,
      errorKind: null,
    });
    await fan.hold(dates[0]!, 3);
    const answers = [
      await rpc(system.paymentClient, { userId: fan.userId, tokenId: fan.tokenId, idempotencyKey: 'k-died' }),
      await rpc(system.paymentClient, { userId: fan.userId, tokenId: fan.tokenId, idempotencyKey: 'k-died' }),
    ];
    expect(answers).toEqual([{ code: 'SEAT_HOLD_EXPIRED' }, { code: 'SEAT_HOLD_EXPIRED' }]);
    expect(await system.paymentDb.collection('saga_events').countDocuments({ 'state.requestKey': `${fan.userId}:k-died` })).toBe(0);
    // Another key pays the hold; the dead key still answers what it answered.
    const paid = await rpc(system.paymentClient, { userId: fan.userId, tokenId: fan.tokenId, idempotencyKey: 'k-new' });
    expect(paid).toMatchObject({ status: 'COMPLETED' });
    expect(await rpc(system.paymentClient, { userId: fan.userId, tokenId: fan.tokenId, idempotencyKey: 'k-died' })).toEqual({ code: 'SEAT_HOLD_EXPIRED' });
  }, 40_000);

  it('a key that lost its hold to another payment answers PAYMENT_IN_PROGRESS only while that payment runs', async () => {
    const fan = await newFan(system, 0);
    const hold = await fan.hold(dates[0]!, 5);
    const charge = (amount: number) => callUnary(system.walletClient, system.walletClient.charge, { userId: fan.userId, amount, idempotencyKey: '' }, { timeoutMs: 10_000 });
    await charge(hold.price);
    // The first payment (no key) waits: its confirm command finds no queue for a moment.
    await system.amqpChannel.unbindQueue(system.names.concertCommands, system.names.exchange, SAGA_MESSAGES.confirmSeat);
    let other: string;
    try {
      other = (await startPaymentRpc(system, { userId: fan.userId, concertCode: 'IU-2026', tokenId: fan.tokenId, waitMs: 0 })).paymentId;
      expect(await rpc(system.paymentClient, { userId: fan.userId, tokenId: fan.tokenId, idempotencyKey: 'k-busy' })).toEqual({ code: 'PAYMENT_IN_PROGRESS' });
      // The fan spends money elsewhere: that first payment's debit is rejected and the seat released.
      await callUnary(system.walletClient, system.walletClient.debit, { userId: fan.userId, amount: 1, commandId: randomUUID(), sagaId: 'other-purchase' }, { timeoutMs: 10_000 });
    } finally {
      await system.amqpChannel.bindQueue(system.names.concertCommands, system.names.exchange, SAGA_MESSAGES.confirmSeat);
    }
    expect(await finalPayment(fan, other)).toMatchObject({ status: 'FAILED', reason: 'INSUFFICIENT_BALANCE' });
    await charge(1);
    const again = await fan.hold(dates[0]!, 5);
    // The key's first request lost the hold to that payment: it has none, and says so now that the
    // other one ended (not PAYMENT_IN_PROGRESS for ever); a new key pays the new hold.
    expect(await rpc(system.paymentClient, { userId: fan.userId, tokenId: fan.tokenId, idempotencyKey: 'k-busy' })).toEqual({ code: 'SEAT_HOLD_EXPIRED' });
    const paid = await rpc(system.paymentClient, { userId: fan.userId, tokenId: fan.tokenId, idempotencyKey: 'k-fresh' });
    expect(paid).toEqual({ status: 'COMPLETED', paymentId: sagaIdOfReservation(again.reservationId) });
    expect(await rpc(system.paymentClient, { userId: fan.userId, tokenId: fan.tokenId, idempotencyKey: 'k-busy' })).toEqual({ code: 'SEAT_HOLD_EXPIRED' });
  }, 40_000);

  it('hundreds of requests with one key racing over two replicas: one payment, every answer it or IDEMPOTENCY_KEY_IN_USE, one key record', async () => {
    const replicaPort = await system.startPaymentReplica();
    const replica = createClient(loadPaymentProto().payment.v1.PaymentService, `127.0.0.1:${replicaPort}`);
    try {
      const fan = await newFan(system, 500_000);
      const hold = await fan.hold(dates[0]!, 4);
      const paymentId = sagaIdOfReservation(hold.reservationId);
      const request = { userId: fan.userId, tokenId: fan.tokenId, idempotencyKey: 'k-rush' };
      const racing = await Promise.all(Array.from({ length: 300 }, (_, i) => rpc(i % 2 ? replica : system.paymentClient, request)));
      // Repeats after the payment ended (the hold is sold by now) answer the payment too.
      await finalPayment(fan, paymentId);
      const late: Answer[] = [];
      for (let i = 0; i < 20; i++) late.push(await rpc(i % 2 ? replica : system.paymentClient, request));
      const summary = new Map<string, number>();
      for (const a of [...racing, ...late]) {
        const label = 'code' in a ? a.code : `${a.paymentId === paymentId ? 'same' : 'OTHER'}:${a.status}`;
        summary.set(label, (summary.get(label) ?? 0) + 1);
      }
      expect(summary.get(`same:COMPLETED`)).toBeGreaterThan(20);
      expect([...summary.keys()].filter((k) => !/^same:(COMPLETED|PENDING)$/.test(k) && k !== 'IDEMPOTENCY_KEY_IN_USE')).toEqual([]);
      expect(late).toEqual(Array(20).fill({ status: 'COMPLETED', paymentId }));
      expect(await system.paymentDb.collection('idempotency_keys').find({ key: `${fan.userId}:k-rush` }).toArray()).toEqual([
        expect.objectContaining({ paymentId, errorCode: null }),
      ]);
      expect(await system.paymentDb.collection('saga_events').countDocuments({ sagaId: paymentId, version: 1 })).toBe(1);
      expect(await fan.balance()).toBe(500_000 - hold.price);
      expect((await ledgerCheck(system)).violations).toEqual([]);
    } finally {
      replica.close();
    }
  }, 50_000);
});
