/**
 * Hot seat: N fans (distinct users) hold the same seat at the same moment, through the real concert
 * service (gRPC) on the real MongoDB-wire server. Prints latency percentiles, the outcome counts in
 * HTTP terms (OK → 200, SEAT_ALREADY_* → 409, anything else → 5xx), and the store's own baseline at the
 * same data size: a bare insert rate and a bare find of one stream's head.
 *
 *   MONGO_URL=mongodb://127.0.0.1:27017/ pnpm --filter @concert/concert-service bench [1000 2000 ...]
 */
import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { isDefiniteAnswer, isDomainError } from '@concert/errors';
import { callUnary, createClient } from '@concert/grpc-kit';
import { loadConcertProto } from '@concert/protos';
import { seedDemoCatalog, start } from '../src/main';

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const ROUNDS = sizes.length > 0 ? sizes : [1_000, 2_000];

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const ms = (n: number) => `${n.toFixed(1)} ms`;

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value?: T; error?: unknown }> {
  const t0 = performance.now();
  try {
    const value = await fn();
    return { ms: performance.now() - t0, value };
  } catch (error) {
    return { ms: performance.now() - t0, error };
  }
}

function httpClass(error: unknown): '200' | '409' | '5xx' | string {
  if (error === undefined) return '200';
  if (isDomainError(error) && ['SEAT_ALREADY_HELD', 'SEAT_ALREADY_SOLD', 'HOLD_ALREADY_EXISTS'].includes(error.code)) return '409';
  return isDefiniteAnswer(error) ? error.code : '5xx';
}

/** The store alone: inserts and a head find on a collection as big as the one the hot path reads. */
async function storeBaseline(db: mongoose.Connection, size: number, concurrency: number) {
  const scratch = db.collection(`baseline_${size}`);
  await scratch.createIndex({ streamId: 1, version: 1 }, { unique: true });
  const docs = Array.from({ length: size }, (_, i) => ({ streamId: `s${i % 997}`, version: Math.floor(i / 997) + 1, commandId: randomUUID(), at: new Date() }));
  for (let i = 0; i < docs.length; i += 1_000) await scratch.insertMany(docs.slice(i, i + 1_000));
  const inserts = 1_000;
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < inserts) {
        const i = next++;
        await scratch.insertOne({ streamId: `new${i}`, version: 1, commandId: randomUUID(), at: new Date() });
      }
    }),
  );
  const insertRate = inserts / ((performance.now() - t0) / 1_000);
  const finds: number[] = [];
  for (let i = 0; i < 100; i++) {
    const t = await timed(() => scratch.find({ streamId: 's7' }).sort({ version: -1 }).limit(1).toArray());
    finds.push(t.ms);
  }
  finds.sort((a, b) => a - b);
  await scratch.drop();
  return { insertRate, findP50: percentile(finds, 50), findP99: percentile(finds, 99) };
}

async function main() {
  const base = new URL(process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017/');
  base.pathname = `/concert_bench_${Date.now()}`;
  const mongoUrl = base.toString();
  const seeded = await seedDemoCatalog(mongoUrl);
  const service = await start({ GRPC_PORT: 0, MONGO_URL: mongoUrl, AMQP_URL: 'amqp://unused:5672', HOLD_TTL_MS: 300_000, LOG_LEVEL: 'silent' });
  const Concert = loadConcertProto().concert.v1.ConcertService;
  // A few channels, as a gateway fleet would open.
  const clients = Array.from({ length: 4 }, () => createClient(Concert, `127.0.0.1:${service.grpcPort}`));
  const db = await mongoose.createConnection(mongoUrl).asPromise();
  const concertDate = seeded[0]!.concertDates[0]!;
  const partition = `seats_IU-2026_${concertDate.replace(/[-:.]/g, '')}`;

  try {
    console.log(`hot seat on ${base.host} (FerretDB or MongoDB), concert service in-process over gRPC`);
    for (const [round, fans] of ROUNDS.entries()) {
      const seatNumber = round + 1;
      const users = Array.from({ length: fans }, () => randomUUID());
      const t0 = performance.now();
      const results = await Promise.all(
        users.map((userId, i) => {
          const client = clients[i % clients.length]!;
          return timed(() => callUnary(client, client.holdSeat, { concertCode: 'IU-2026', concertDate, seatNumber, userId }, { timeoutMs: 120_000 }));
        }),
      );
      const wall = performance.now() - t0;
      const latencies = results.map((r) => r.ms).sort((a, b) => a - b);
      const counts: Record<string, number> = {};
      for (const r of results) counts[httpClass(r.error)] = (counts[httpClass(r.error)] ?? 0) + 1;
      const holders = await db.collection(partition).countDocuments({ seatNumber, type: 'HELD' });
      const claimRows = await db.collection('holds_IU-2026').countDocuments({});
      const seatRows = await db.collection(partition).countDocuments({});
      console.log(
        `\n${fans} concurrent fans, seat ${seatNumber}: wall ${ms(wall)} (${Math.round(fans / (wall / 1_000))} holds answered/s)` +
          `\n  latency p50 ${ms(percentile(latencies, 50))}  p99 ${ms(percentile(latencies, 99))}  max ${ms(latencies.at(-1)!)}` +
          `\n  outcomes ${JSON.stringify(counts)}  HELD records of the seat: ${holders}` +
          `\n  data: claim partition ${claimRows} rows, date partition ${seatRows} rows`,
      );
      const heads = [];
      for (let i = 0; i < 50; i++) {
        const client = clients[0]!;
        heads.push((await timed(() => callUnary(client, client.listAvailableSeats, { concertCode: 'IU-2026', concertDate }, { timeoutMs: 10_000 }))).ms);
      }
      heads.sort((a, b) => a - b);
      console.log(`  ListAvailableSeats (50 heads, one query) p50 ${ms(percentile(heads, 50))} p99 ${ms(percentile(heads, 99))}`);
      const baseline = await storeBaseline(db, claimRows, 64);
      console.log(
        `  store baseline at ${claimRows} rows: bare insertOne ${Math.round(baseline.insertRate)}/s (64 concurrent), ` +
          `bare head find p50 ${ms(baseline.findP50)} p99 ${ms(baseline.findP99)}`,
      );
    }

    // Not a hot seat: as many fans spread over the 50 seats of another date (50 winners, each seat raced).
    const spreadDate = seeded[0]!.concertDates[1]!;
    const spreadFans = ROUNDS[0]!;
    const t0 = performance.now();
    const spread = await Promise.all(
      Array.from({ length: spreadFans }, (_, i) => {
        const client = clients[i % clients.length]!;
        const req = { concertCode: 'IU-2026', concertDate: spreadDate, seatNumber: (i % 50) + 1, userId: randomUUID() };
        return timed(() => callUnary(client, client.holdSeat, req, { timeoutMs: 120_000 }));
      }),
    );
    const spreadWall = performance.now() - t0;
    const spreadLatency = spread.map((r) => r.ms).sort((a, b) => a - b);
    const spreadCounts: Record<string, number> = {};
    for (const r of spread) spreadCounts[httpClass(r.error)] = (spreadCounts[httpClass(r.error)] ?? 0) + 1;
    console.log(
      `\n${spreadFans} fans spread over 50 seats: wall ${ms(spreadWall)}, p50 ${ms(percentile(spreadLatency, 50))} p99 ${ms(percentile(spreadLatency, 99))}` +
        `  outcomes ${JSON.stringify(spreadCounts)}`,
    );

    // The availability lists read a whole date partition in one query: their cost grows with its records.
    const churnDate = seeded[0]!.concertDates[2]!;
    const churn = db.collection(`seats_IU-2026_${churnDate.replace(/[-:.]/g, '')}`);
    for (const size of [50, 500, 2_000]) {
      const have = await churn.countDocuments({});
      const past = new Date(Date.now() - 60_000);
      const add = Array.from({ length: size - have }, (_, i) => {
        const n = have + i;
        const seat = (n % 50) + 1;
        const version = Math.floor(n / 50) + 1;
        return { seatId: `IU-2026|${churnDate}|${seat}`, version, type: 'HELD', concertCode: 'IU-2026', concertDate: churnDate, seatNumber: seat, reservationId: `churn-${n}`, userId: `u${n}`, price: 1, expiresAt: past, commandId: `hold:churn-${n}`, sagaId: '', at: past, listed: true };
      });
      if (add.length > 0) await churn.insertMany(add);
      const client0 = clients[0]!;
      const first = await timed(() => callUnary(client0, client0.listAvailableSeats, { concertCode: 'IU-2026', concertDate: churnDate }, { timeoutMs: 10_000 }));
      const bareListed: number[] = [];
      for (let i = 0; i < 10; i++) bareListed.push((await timed(() => churn.find({ listed: true }).toArray())).ms);
      // The background tidy-up unlists what can no longer be a busy head (each seat's head stays
      // listed: one record per seat); readers keep it going.
      const heads = Math.min(size, 50);
      const tidyStart = performance.now();
      while ((await churn.countDocuments({ listed: true })) > heads && performance.now() - tidyStart < 120_000) {
        await callUnary(client0, client0.listAvailableSeats, { concertCode: 'IU-2026', concertDate: churnDate }, { timeoutMs: 30_000 });
        await new Promise((r) => setTimeout(r, 200));
      }
      const tidyMs = performance.now() - tidyStart;
      const lists: number[] = [];
      for (let i = 0; i < 30; i++) {
        const client = clients[0]!;
        lists.push((await timed(() => callUnary(client, client.listAvailableSeats, { concertCode: 'IU-2026', concertDate: churnDate }, { timeoutMs: 10_000 }))).ms);
      }
      lists.sort((a, b) => a - b);
      const bare: number[] = [];
      for (let i = 0; i < 30; i++) bare.push((await timed(() => churn.find({}).toArray())).ms);
      bare.sort((a, b) => a - b);
      bareListed.sort((a, b) => a - b);
      const stillListed = await churn.countDocuments({ listed: true });
      console.log(
        `${size} expired holds in the date partition: first ListAvailableSeats ${ms(first.ms)} (bare find of the ${size} listed: p50 ${ms(percentile(bareListed, 50))}); ` +
          `tidy-up took ${ms(tidyMs)}, then (${stillListed} listed) p50 ${ms(percentile(lists, 50))} p99 ${ms(percentile(lists, 99))}; bare find of all ${size}: p50 ${ms(percentile(bare, 50))}`,
      );
      // Make the next size start from listed records again.
      await churn.updateMany({}, { $set: { listed: true } });
    }
  } finally {
    for (const c of clients) c.close();
    await service.stop();
    await db.dropDatabase();
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
