import * as grpc from '@grpc/grpc-js';
import { callUnary, startGrpcServer, type GrpcServerHandle } from '@concert/grpc-kit';
import { loadWalletProto } from '@concert/protos';
import { bootSystem, finalPayment, newFan, type System } from './system';

// A saga that cannot end quickly (the wallet's debit waits) is answered 202 PENDING with its
// paymentId before the caller's deadline, and completes once the wallet is back — never a 5xx.
describe('slow sagas and the caller deadline', () => {
  let system: System;
  let dates: string[];

  beforeAll(async () => {
    system = await bootSystem();
    dates = system.seeded.find((c) => c.concertCode === 'IU-2026')!.concertDates;
  }, 60_000);

  afterAll(async () => {
    await system?.stop();
  });

  /**
   * The wallet service is stopped (its debit commands wait in RabbitMQ) and a stand-in answers only
   * GetBalance on its address, so StartPayment's balance check passes and the saga starts.
   */
  async function withWalletDebitsPaused<T>(run: () => Promise<T>): Promise<T> {
    await system.stopWallet();
    const implementation = { GetBalance: (_call: unknown, callback: grpc.sendUnaryData<unknown>) => callback(null, { balance: 10_000_000 }) };
    const standIn: GrpcServerHandle = await startGrpcServer(system.walletGrpcAddr, [
      { definition: loadWalletProto().wallet.v1.WalletService.service, implementation, name: 'wallet.v1.WalletService' },
    ], 100);
    try {
      return await run();
    } finally {
      await standIn.stop();
      await system.startWallet();
    }
  }

  const rpc = (request: { userId: string; tokenId: string; waitMs: number }, timeoutMs: number) =>
    callUnary(system.paymentClient, system.paymentClient.startPayment, { concertCode: 'IU-2026', idempotencyKey: '', replayOnly: false, ...request }, { timeoutMs });

  it('through the gateway: 202 PENDING with the paymentId within the wait, then COMPLETED (not 503)', async () => {
    const fan = await newFan(system, 500_000);
    const hold = await fan.hold(dates[1]!, 1);
    const t0 = Date.now();
    const answer = await withWalletDebitsPaused(() => fan.pay('slow-key'));
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ paymentId: expect.any(String), status: 'PENDING' });
    // The gateway waits 5 s (PAYMENT_WAIT_MS) and its gRPC deadline is 10 s later: answered in between.
    expect(Date.now() - t0).toBeLessThan(8_000);
    const final = await finalPayment(fan, answer.body.paymentId as string);
    expect(final.status).toBe('COMPLETED');
    expect(await fan.balance()).toBe(500_000 - hold.price);
  }, 60_000);

  it("a caller deadline shorter than its wait: PENDING before the deadline, not DEADLINE_EXCEEDED", async () => {
    const fan = await newFan(system, 500_000);
    await fan.hold(dates[1]!, 2);
    const t0 = Date.now();
    const answer = await withWalletDebitsPaused(() => rpc({ userId: fan.userId, tokenId: fan.tokenId, waitMs: 30_000 }, 2_000));
    expect(answer.status).toBe('PENDING');
    expect(answer.paymentId).toBeTruthy();
    expect(Date.now() - t0).toBeLessThan(2_000 + 3_000); // + the wallet stop/start around it
    expect((await finalPayment(fan, answer.paymentId)).status).toBe('COMPLETED');
  }, 60_000);

  it('too little of the deadline left to start: UNAVAILABLE, and the payment did not start', async () => {
    const fan = await newFan(system, 500_000);
    const hold = await fan.hold(dates[1]!, 3);
    await expect(rpc({ userId: fan.userId, tokenId: fan.tokenId, waitMs: 5_000 }, 900)).rejects.toMatchObject({ kind: 'unavailable' });
    await new Promise((r) => setTimeout(r, 300));
    expect((await fan.reservation(hold.reservationId)).body.status).toBe('HELD');
    expect(await system.paymentDb.collection('saga_events').countDocuments({ 'state.reservationId': hold.reservationId })).toBe(0);
    expect((await fan.pay()).status).toBe(200);
  }, 60_000);
});
