import { deadLetterCounts, sagaTopology } from '@concert/amqp-kit';
import { eventually } from '@concert/testing';
import { ledgerCheck, newFan, startPaymentRpc, type Fan, type Participant, type System } from './system';

/**
 * The shared shape of the process and broker fault tests: many fans with a hold each start paying,
 * a fault hits while their sagas are in flight, and after recovery the product's invariants must hold.
 */
export const INITIAL_BALANCE = 1_000_000;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Buyer {
  fan: Fan;
  reservationId: string;
  price: number;
}

/** `count` fans of IU-2026, each charged INITIAL_BALANCE and holding a different seat. */
export async function buyersWithHolds(system: System, count: number): Promise<Buyer[]> {
  const dates = system.seeded.find((c) => c.concertCode === 'IU-2026')!.concertDates;
  const buyers: Buyer[] = [];
  for (let i = 0; i < count; i += 15) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(15, count - i) }, async (_, j) => {
        const n = i + j;
        const fan = await newFan(system, INITIAL_BALANCE);
        const hold = await fan.hold(dates[n % dates.length]!, Math.floor(n / dates.length) + 1);
        return { fan, reservationId: hold.reservationId, price: hold.price };
      }),
    );
    buyers.push(...batch);
  }
  return buyers;
}

/** StartPayment for every buyer, `gapMs` apart, so that sagas are at every step when the fault hits. */
export function startStaggered(system: System, buyers: Buyer[], gapMs: number) {
  return Promise.allSettled(
    buyers.map(({ fan }, i) =>
      sleep(i * gapMs).then(() => startPaymentRpc(system, { userId: fan.userId, concertCode: fan.concertCode, tokenId: fan.tokenId, waitMs: 0 })),
    ),
  );
}

/**
 * Buyers whose StartPayment was refused or lost during the fault simply pay again (their hold is still
 * theirs). Returns the codes of the first refusals.
 */
export async function payAgainIfRefused(system: System, buyers: Buyer[], outcomes: PromiseSettledResult<unknown>[]): Promise<string[]> {
  const refusals: string[] = [];
  for (const [i, o] of outcomes.entries()) {
    if (o.status === 'fulfilled') continue;
    refusals.push((o.reason as { code?: string }).code ?? String(o.reason));
    const { fan } = buyers[i]!;
    for (let attempt = 0; ; attempt++) {
      const again = await startPaymentRpc(system, { userId: fan.userId, concertCode: fan.concertCode, tokenId: fan.tokenId, waitMs: 0 }).then(
        () => 'OK',
        (error: { code?: string }) => error.code ?? 'ERROR',
      );
      // A first attempt that stored its saga before the answer was lost: PAYMENT_IN_PROGRESS while it
      // runs, RESERVATION_NOT_FOUND once it has confirmed the seat.
      if (['OK', 'PAYMENT_IN_PROGRESS', 'RESERVATION_NOT_FOUND'].includes(again)) break;
      if (attempt > 100) throw new Error(`could not pay again: ${again}`);
      await sleep(200);
    }
  }
  return refusals;
}

type SagaHead = { sagaId: string; status: string; reason: string; refund: string; amount: number; userId: string; seat: string };

/** The latest state of every stored saga. */
export async function sagaHeads(system: System): Promise<SagaHead[]> {
  const events = await system.paymentDb.collection('saga_events').find({}).toArray();
  const heads = new Map<string, { version: number; head: SagaHead }>();
  for (const e of events) {
    if ((heads.get(e.sagaId)?.version ?? -1) > e.version) continue;
    const s = e.state;
    const seat = `${s.concertCode}|${new Date(s.concertDate).toISOString()}|${s.seatNumber}`;
    heads.set(e.sagaId, { version: e.version, head: { sagaId: e.sagaId, status: s.status, reason: String(s.reason), refund: s.refund, amount: s.amount, userId: s.userId, seat } });
  }
  return [...heads.values()].map((h) => h.head);
}

/** Sagas not finished yet: still PENDING, or FAILED with a refund still owed. */
export const openSagas = (heads: SagaHead[]) => heads.filter((h) => h.status === 'PENDING' || h.refund === 'REQUESTED');

/** The head record of every seat stream that has one (all `seats_*` partitions). */
async function seatHeads(system: System) {
  const heads = new Map<string, { version: number; type: string }>();
  for (const { name } of await system.concertDb.listCollections()) {
    if (!name.startsWith('seats_')) continue;
    for (const r of await system.concertDb.collection(name).find({}).toArray()) {
      const key = `${r.concertCode}|${new Date(r.concertDate).toISOString()}|${r.seatNumber}`;
      if ((heads.get(key)?.version ?? -1) < r.version) heads.set(key, { version: r.version, type: r.type });
    }
  }
  return heads;
}

/**
 * Waits until every buyer's saga is final (and owes no refund), then checks the product's claim:
 * money conserved per user and per saga, every SOLD seat has exactly one completed payment, no saga
 * message parked. Returns how the sagas ended.
 */
export async function expectRecovered(system: System, buyers: Buyer[], timeoutMs = 45_000) {
  await eventually(async () => {
    const heads = await sagaHeads(system);
    return heads.length >= buyers.length && openSagas(heads).length === 0;
  }, { what: 'every saga final', timeoutMs, intervalMs: 100 });
  const heads = await sagaHeads(system);
  expect(heads.map((h) => h.status).filter((s) => s !== 'COMPLETED' && s !== 'FAILED')).toEqual([]);
  const byUserSaga = new Map(heads.map((h) => [h.userId, h]));
  expect(buyers.filter((b) => !byUserSaga.has(b.fan.userId))).toEqual([]);

  // Money: every ledger adds up, and each buyer paid exactly once for a completed saga, nothing otherwise.
  // Give a late message (e.g. a debit still queued) a moment to land before counting.
  await sleep(1_000);
  const { violations, byUser } = await ledgerCheck(system);
  expect(violations).toEqual([]);
  const ledger = await system.walletDb.collection('ledger').find({ kind: { $in: ['DEBITED', 'REFUNDED'] } }).toArray();
  const netOf = (sagaId: string) => ledger.filter((r) => r.sagaId === sagaId).reduce((sum, r) => sum + (r.kind === 'DEBITED' ? r.amount : -r.amount), 0);
  const wrong = buyers.flatMap(({ fan, price }) => {
    const saga = byUserSaga.get(fan.userId)!;
    const paid = saga.status === 'COMPLETED' ? price : 0;
    const balance = byUser.get(fan.userId)!.head.balance;
    const net = netOf(saga.sagaId);
    return balance === INITIAL_BALANCE - paid && net === paid ? [] : [{ userId: fan.userId, status: saga.status, price, balance, net }];
  });
  expect(wrong).toEqual([]);

  // Seats: the SOLD ones are exactly the completed payments' seats, one payment each.
  const completedSeats = heads.filter((h) => h.status === 'COMPLETED').map((h) => h.seat);
  const soldSeats = [...(await seatHeads(system)).entries()].filter(([, h]) => h.type === 'SOLD').map(([key]) => key);
  expect(new Set(completedSeats).size).toBe(completedSeats.length);
  expect(soldSeats.sort()).toEqual(completedSeats.sort());

  // Nothing was given up on: no saga message sits in a parking queue.
  const parked = (await deadLetterCounts(system.amqpChannel, sagaTopology(system.namespace))).filter((c) => c.parked > 0);
  expect(parked).toEqual([]);

  const completed = completedSeats.length;
  const failureReasons: Record<string, number> = {};
  for (const h of heads) if (h.status === 'FAILED') failureReasons[h.reason] = (failureReasons[h.reason] ?? 0) + 1;
  return { completed, failed: heads.length - completed, failureReasons };
}

/**
 * kill -9 of a participant run as a child process once `busy` says it is mid-way through sagas, and a
 * restart a second later. StartPayment asks the participants first (hold, balance), so payments
 * started while one is down are refused with 503; those fans pay again after the restart.
 */
export async function killParticipantMidSagas(system: System, name: Participant, busy: () => Promise<boolean>) {
  const buyers = await buyersWithHolds(system, 40);
  const started = startStaggered(system, buyers, 20);
  await eventually(busy, { what: `${name} busy`, timeoutMs: 30_000 });
  await system.killParticipant(name);
  // Proof that the kill hit sagas mid-way: some were stored but not finished when the process died.
  const openAtKill = openSagas(await sagaHeads(system)).length;
  expect(openAtKill).toBeGreaterThan(0);

  const outcomes = await started;
  await sleep(1_000); // commands pile up in the dead participant's queue
  await system.restartParticipant(name);
  const refusals = await payAgainIfRefused(system, buyers, outcomes);
  expect(refusals.filter((code) => code !== 'SERVICE_UNAVAILABLE')).toEqual([]);

  const outcome = await expectRecovered(system, buyers);
  expect(outcome.completed + outcome.failed).toBe(buyers.length);
  return { openAtKill, refused: refusals.length, ...outcome };
}
