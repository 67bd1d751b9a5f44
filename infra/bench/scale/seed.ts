/**
 * Set-up, not measured: history written straight into the round's databases with bulk inserts, as the
 * services would have written it, before the system starts on top of it.
 *   wallet:  `users` ledger streams of 10 records (OPENED + 9 CHARGED of 10 KRW: balance 90), by the
 *            wallet's own bench seeder (services/wallet/bench/ledger-seed.ts).
 *   payment: `pastSagas` completed sagas of a past concert (3 saga_events each, built by the payment
 *            domain's own transitions, flags as after publishing and closing) and their idempotency keys.
 *   concert: the catalog — one concert of 150 seats (3 dates × 50) per measured pass.
 */
import { createHash, randomUUID } from 'node:crypto';
import { SAGA_MESSAGES as M } from '../../../packages/amqp-kit/src/saga-contract';
import { connectMongo, ensureIndexes } from '@concert/stream-store';
import { mongoUrl, type Settings } from '../rush/settings';
import { DEMO_CONCERTS, seedCatalog } from '../../../services/concert/src/application/seed-catalog.use-case';
import { createStores } from '../../../services/concert/src/wiring';
import { applyReply, debitedWithTokenExpired, startSaga, type SagaDecision } from '../../../services/payment/src/domain/saga-transitions';
import { sagaIdOfReservation } from '../../../services/payment/src/domain/saga-state';
import { MongoSagaStore } from '../../../services/payment/src/infrastructure/saga.repository';
import { MongoIdempotencyStore } from '../../../services/payment/src/infrastructure/idempotency.repository';
import { benchUserId, benchUserKey, ensureSeeded } from '../../../services/wallet/bench/ledger-seed';

export { benchUserId, benchUserKey };

export async function seedLedger(s: Settings, users: number, log: (line: string) => void): Promise<number> {
  const t0 = performance.now();
  const connection = await connectMongo(mongoUrl(s, s.databases.wallet), 10);
  try {
    await ensureSeeded(connection, users, log);
  } finally {
    await connection.close();
  }
  return (performance.now() - t0) / 1000;
}

export interface ScaleConcert {
  concertCode: string;
  concertDates: string[];
  prices: number[];
}

/** One 150-seat concert (NEWJEANS-2026's dates and prices) per measured pass. */
export async function seedConcerts(s: Settings, codes: string[]): Promise<ScaleConcert[]> {
  const newjeans = DEMO_CONCERTS.find((c) => c.concertCode === 'NEWJEANS-2026')!;
  const connection = await connectMongo(mongoUrl(s, s.databases.concert));
  try {
    const stores = createStores(connection);
    await ensureIndexes(connection);
    const demos = codes.map((concertCode, i) => ({ ...newjeans, concertCode, title: `Scale bench ${concertCode}`, daysFromNow: [45 + 3 * i, 46 + 3 * i, 47 + 3 * i] }));
    const concerts = await seedCatalog(stores, new Date(), demos);
    for (const c of concerts) for (const d of c.dates) await stores.seats.backfillListed(c.concertCode, d.concertDate);
    return concerts.map((c) => ({ concertCode: c.concertCode, concertDates: c.dates.map((d) => d.concertDate), prices: c.dates[0]!.prices }));
  } finally {
    await connection.close();
  }
}

const STEP_TIMEOUT_MS = 10_000;

/** The three records of a completed saga, as the payment service stores them once closed and published. */
function pastSaga(userId: string, at: Date) {
  const reservationId = randomUUID();
  const sagaId = sagaIdOfReservation(reservationId);
  const idemKey = randomUUID();
  const requestKey = `${userId}:${idemKey}`;
  const amount = 99_000;
  const started = startSaga(
    { sagaId, userId, concertCode: 'HISTORY-2025', reservationId, tokenId: randomUUID(), amount, concertDate: '2025-06-01T10:00:00.000Z', seatNumber: 1 + Math.floor(Math.random() * 50), requestId: randomUUID(), requestKey },
    at,
    STEP_TIMEOUT_MS,
  );
  const confirmed = applyReply(started.state, { type: M.seatConfirmed, commandId: `${sagaId}:confirm-seat`, reason: '', balance: null }, new Date(at.getTime() + 20), STEP_TIMEOUT_MS)!;
  const debited = applyReply(confirmed.state, { type: M.walletDebited, commandId: `${sagaId}:debit`, reason: '', balance: 1_000 }, new Date(at.getTime() + 40), STEP_TIMEOUT_MS)!;
  const completed = debitedWithTokenExpired(debited)!;
  const events = [started, confirmed, completed].map((d: SagaDecision, i) => ({
    sagaId,
    version: i + 1,
    name: d.name,
    service: d.service,
    outcome: d.outcome,
    detail: d.detail,
    at: new Date(at.getTime() + 20 * i),
    state: d.state,
    command: d.command ? { ...d.command, messageId: randomUUID() } : null,
    causationId: i === 0 ? null : randomUUID(),
    opener: i < 2 ? 1 : null,
    open: false,
    outbox: false,
    publishedAt: new Date(at.getTime() + 20 * i + 5),
  }));
  const key = {
    key: requestKey,
    requestHash: createHash('sha256').update(JSON.stringify({ UUID: userId })).digest('hex'),
    createdAt: at,
    paymentId: sagaId,
    errorCode: null,
    errorKind: null,
  };
  return { events, key };
}

export async function seedPaymentHistory(s: Settings, sagas: number, users: number, log: (line: string) => void): Promise<number> {
  const t0 = performance.now();
  const connection = await connectMongo(mongoUrl(s, s.databases.payment), 10);
  try {
    const events = connection.collection('saga_events');
    const keys = connection.collection('idempotency_keys');
    const perBatch = 1_000;
    const past = Date.now() - 365 * 86_400_000;
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < sagas) {
          const from = next;
          next = Math.min(sagas, from + perBatch);
          const built = [];
          for (let i = from; i < next; i++) built.push(pastSaga(benchUserId(Math.floor(Math.random() * users)), new Date(past + i * 1_000)));
          await events.insertMany(built.flatMap((b) => b.events), { ordered: false });
          await keys.insertMany(built.map((b) => b.key), { ordered: false });
          if (next % 20_000 === 0) log(`  seeded ${next} past sagas (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
        }
      }),
    );
    new MongoSagaStore(connection);
    new MongoIdempotencyStore(connection);
    await ensureIndexes(connection);
  } finally {
    await connection.close();
  }
  return (performance.now() - t0) / 1000;
}
