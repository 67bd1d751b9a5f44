import { randomUUID } from 'node:crypto';
import { SAGA_MESSAGES } from '@concert/amqp-kit';
import { callUnary } from '@concert/grpc-kit';
import type { ConsumeMessage } from 'amqplib';
import { eventually } from '@concert/testing';
import { bootSystem, finalPayment, ledgerCheck, newFan, sagaEvents, startPaymentRpc, type Fan, type System } from './system';

const STEP_TIMEOUT_MS = 3_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/**
 * Compensation, deadlines and duplicate deliveries. The concert service's confirm commands are held
 * back by unbinding its queue for a moment: the payment's outbox keeps the unroutable command and
 * publishes it once the binding is back, which also shows that a publish counts only once confirmed.
 */
describe('payment saga under faults', () => {
  let system: System;
  let dates: string[];
  const captured: ConsumeMessage[] = [];
  let spyQueue: string;

  // While held back, no queue at all takes a confirm (the spy neither), so its publish is refused.
  const confirmQueues = () => [system.names.concertCommands, spyQueue];
  const holdConfirms = async () => {
    for (const q of confirmQueues()) await system.amqpChannel.unbindQueue(q, system.names.exchange, SAGA_MESSAGES.confirmSeat);
  };
  const releaseConfirms = async () => {
    for (const q of confirmQueues()) await system.amqpChannel.bindQueue(q, system.names.exchange, SAGA_MESSAGES.confirmSeat);
  };

  const payPending = async (fan: Fan) => {
    const started = await startPaymentRpc(system, { userId: fan.userId, concertCode: fan.concertCode, tokenId: fan.tokenId, waitMs: 0 });
    expect(started.status).toBe('PENDING');
    return started.paymentId;
  };
  const drain = (fan: Fan, amount: number) =>
    callUnary(system.walletClient, system.walletClient.debit, { userId: fan.userId, amount, commandId: randomUUID(), sagaId: 'other-purchase' }, { timeoutMs: 10_000 });

  beforeAll(async () => {
    system = await bootSystem({ stepTimeoutMs: STEP_TIMEOUT_MS });
    dates = system.seeded.find((c) => c.concertCode === 'IU-2026')!.concertDates;
    // A spy on every saga message, so the test can deliver each of them a second time.
    spyQueue = (await system.amqpChannel.assertQueue('', { exclusive: true, autoDelete: true })).queue;
    for (const type of Object.values(SAGA_MESSAGES)) await system.amqpChannel.bindQueue(spyQueue, system.names.exchange, type);
    await system.amqpChannel.consume(spyQueue, (m) => m && captured.push(m), { noAck: true });
  }, 60_000);

  afterAll(async () => {
    await system?.stop();
  });

  const sagaIds: string[] = [];

  it('balance race: the balance drops after the check → debit rejected → seat released, no money moves', async () => {
    const fan = await newFan(system, 0);
    const hold = await fan.hold(dates[1]!, 1);
    await callUnary(system.walletClient, system.walletClient.charge, { userId: fan.userId, amount: hold.price, idempotencyKey: '' }, { timeoutMs: 10_000 });
    await holdConfirms();
    const paymentId = await payPending(fan);
    await drain(fan, 1); // the fan spent money elsewhere meanwhile
    await releaseConfirms();

    const final = await finalPayment(fan, paymentId);
    expect(final).toEqual({ paymentId, status: 'FAILED', reason: 'INSUFFICIENT_BALANCE' });
    expect((await fan.reservation(hold.reservationId)).body.status).toBe('RELEASED');
    expect(await fan.balance()).toBe(hold.price - 1);
    const { violations, kinds } = await ledgerCheck(system);
    expect(violations).toEqual([]);
    expect(kinds('DEBITED', paymentId)).toBe(0);
    expect(kinds('DEBIT_REJECTED', paymentId)).toBe(1);
    expect((await sagaEvents(system, paymentId)).map((e) => e.name)).toEqual([
      'PAYMENT_STARTED',
      'SEAT_CONFIRMED',
      'WALLET_DEBIT_REJECTED',
      'SEAT_RELEASED',
    ]);
    sagaIds.push(paymentId);
  });

  it('confirm unanswered past its deadline: sent again (no release); the concert answers the hold expired → FAILED SEAT_HOLD_EXPIRED', async () => {
    await system.stopConcert();
    await system.startConcert({ HOLD_TTL_MS: 1_500 });
    try {
      const fan = await newFan(system, 500_000);
      const hold = await fan.hold(dates[1]!, 2);
      await holdConfirms();
      const paymentId = await payPending(fan);
      await eventually(async () => (await sagaEvents(system, paymentId)).some((e) => e.name === 'CONFIRM_RESENT'), { timeoutMs: STEP_TIMEOUT_MS * 3 });
      // Past the step's deadline the payment is still running, not failed.
      expect((await fan.getPayment(paymentId)).body).toEqual({ paymentId, status: 'PENDING' });
      await releaseConfirms();

      const final = await finalPayment(fan, paymentId);
      expect(final).toEqual({ paymentId, status: 'FAILED', reason: 'SEAT_HOLD_EXPIRED' });
      expect((await fan.reservation(hold.reservationId)).body.status).toBe('EXPIRED');
      expect(await fan.balance()).toBe(500_000);
      const names = (await sagaEvents(system, paymentId)).map((e) => e.name);
      expect(names[0]).toBe('PAYMENT_STARTED');
      expect(names.at(-1)).toBe('SEAT_CONFIRM_REJECTED');
      expect(names.slice(1, -1).every((n) => n === 'CONFIRM_RESENT')).toBe(true);
      sagaIds.push(paymentId);
    } finally {
      await system.stopConcert();
      await system.startConcert();
    }
  });

  it('wallet service down during the saga: the debit is sent again (same command id), PENDING meanwhile; no release, no refund; COMPLETED once the wallet is back', async () => {
    const fan = await newFan(system, 500_000);
    const hold = await fan.hold(dates[1]!, 3);
    await holdConfirms();
    const paymentId = await payPending(fan);
    await system.stopWallet();
    try {
      await releaseConfirms();
      await eventually(async () => (await sagaEvents(system, paymentId)).some((e) => e.name === 'DEBIT_RESENT'), { timeoutMs: STEP_TIMEOUT_MS * 3 });
      expect((await fan.getPayment(paymentId)).body).toEqual({ paymentId, status: 'PENDING' });
      expect((await fan.reservation(hold.reservationId)).body.status).toBe('CONFIRMED');
    } finally {
      await system.startWallet();
    }
    const final = await finalPayment(fan, paymentId, STEP_TIMEOUT_MS * 5);
    expect(final).toEqual({ paymentId, status: 'COMPLETED' });
    const events = await sagaEvents(system, paymentId);
    const names = events.map((e) => e.name);
    expect(names.slice(0, 2)).toEqual(['PAYMENT_STARTED', 'SEAT_CONFIRMED']);
    expect(names).not.toContain('SEAT_RELEASED');
    expect(names).not.toContain('LATE_DEBIT_REFUND_REQUESTED');
    const resends = events.filter((e) => e.name === 'DEBIT_RESENT');
    expect(resends.length).toBeGreaterThan(0);
    for (const r of resends) expect(r.command.payload.commandId).toBe(`${paymentId}:debit`);
    // Each resend moved the deadline further than the one before (backoff).
    const deadlines = resends.map((r) => new Date(r.state.deadlineAt).getTime() - new Date(r.at).getTime());
    for (let i = 1; i < deadlines.length; i++) expect(deadlines[i]!).toBeGreaterThan(deadlines[i - 1]!);
    expect(await fan.balance()).toBe(500_000 - hold.price);
    const { violations, kinds } = await ledgerCheck(system);
    expect(violations).toEqual([]);
    expect([kinds('DEBITED', paymentId), kinds('REFUNDED', paymentId)]).toEqual([1, 0]);
    sagaIds.push(paymentId);
  });

  it('a completed saga for comparison', async () => {
    const fan = await newFan(system, 500_000);
    await fan.hold(dates[1]!, 4);
    const paid = await fan.pay();
    expect(paid.body.status).toBe('COMPLETED');
    sagaIds.push(paid.body.paymentId as string);
  });

  it('every message type delivered twice (re-published by the test) has one effect', async () => {
    const ofOurSagas = captured.filter((m) => sagaIds.includes(String(m.properties.headers?.['x-saga-id'])));
    const types = new Set(ofOurSagas.map((m) => m.properties.type as string));
    expect([...types].sort()).toEqual(
      [
        SAGA_MESSAGES.confirmSeat,
        SAGA_MESSAGES.seatConfirmed,
        SAGA_MESSAGES.seatConfirmRejected,
        SAGA_MESSAGES.debitWallet,
        SAGA_MESSAGES.walletDebited,
        SAGA_MESSAGES.walletDebitRejected,
        SAGA_MESSAGES.releaseSeat,
        SAGA_MESSAGES.seatReleased,
      ].sort(),
    );

    const before = {
      events: await system.paymentDb.collection('saga_events').countDocuments({}),
      ledger: await system.walletDb.collection('ledger').countDocuments({}),
      seatCommands: await system.concertDb.collection('seat_commands').countDocuments({}),
      balances: (await ledgerCheck(system)).byUser,
    };
    for (const m of ofOurSagas) {
      system.amqpChannel.publish(system.names.exchange, m.fields.routingKey, m.content, { ...m.properties, headers: m.properties.headers });
    }
    // Let every duplicate be consumed (and any reply it caused come back).
    const delivered = captured.length + ofOurSagas.length;
    for (let i = 0; i < 100 && captured.length < delivered; i++) await sleep(100);
    await sleep(1_500);

    expect(await system.paymentDb.collection('saga_events').countDocuments({})).toBe(before.events);
    expect(await system.walletDb.collection('ledger').countDocuments({})).toBe(before.ledger);
    expect(await system.concertDb.collection('seat_commands').countDocuments({})).toBe(before.seatCommands);
    const after = await ledgerCheck(system);
    expect(after.violations).toEqual([]);
    for (const [userId, u] of before.balances) expect(after.byUser.get(userId)!.head.balance).toBe(u.head.balance);
    for (const sagaId of sagaIds) {
      const events = await sagaEvents(system, sagaId);
      expect(['COMPLETED', 'FAILED']).toContain(events.at(-1)!.state.status);
    }
  });
});
