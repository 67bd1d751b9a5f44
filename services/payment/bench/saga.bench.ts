/**
 * Payment sagas end to end: fans with a held seat and an ACTIVE token pay through the gateway
 * (POST /payments, then GET /payments/{id} while PENDING) against the real services, FerretDB and
 * RabbitMQ. Reports sagas per second, latency from POST to COMPLETED (p50/p99), messages left in
 * the retry and parking queues, and the store's own baseline at the same data size.
 *
 * Every service runs in its own process, as deployed (IN_PROCESS=1 puts all but the gateway in this one).
 *
 *   pnpm --filter @concert/payment-service bench        (env: CONCURRENCY=100, AMQP_URL, MONGO_URL, REDIS_URL)
 */
import { performance } from 'node:perf_hooks';
import { deadLetterCounts, sagaTopology } from '@concert/amqp-kit';
import { http } from '../test/http-client';
import { bootSystem, newFan, type Fan, type System } from '../test/system';

const CONCURRENCY = Number(process.env.CONCURRENCY ?? 100);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function prepareFans(system: System): Promise<Fan[]> {
  const seats = system.seeded.flatMap((c) => c.concertDates.flatMap((date) => Array.from({ length: 50 }, (_, i) => ({ concertCode: c.concertCode, date, seat: i + 1 }))));
  // One fan per concert can hold only one seat there: one fan per seat.
  const fans: Fan[] = [];
  for (let i = 0; i < seats.length; i += 30) {
    fans.push(
      ...(await Promise.all(
        seats.slice(i, i + 30).map(async ({ concertCode, date, seat }) => {
          const fan = await newFan(system, 1_000_000, concertCode);
          await fan.hold(date, seat);
          return fan;
        }),
      )),
    );
  }
  return fans;
}

async function payToTheEnd(system: System, fan: Fan): Promise<{ ms: number; status: string }> {
  const t = performance.now();
  const answer = await fan.pay();
  let status = String(answer.body.status ?? answer.body.code);
  const paymentId = answer.body.paymentId as string | undefined;
  while (status === 'PENDING' && paymentId) {
    await sleep(250);
    status = String((await http('GET', `${system.url}/payments/${paymentId}`, { token: fan.token })).body.status);
  }
  return { ms: performance.now() - t, status };
}

/** Bare FerretDB rates at the saga collection's size: the ceiling the saga's store work runs under. */
async function storeBaseline(system: System) {
  const collection = system.paymentDb.collection('saga_events');
  const size = await collection.countDocuments({});
  const scratch = system.paymentDb.collection('baseline_scratch');
  const n = 300;
  let t = performance.now();
  await Promise.all(Array.from({ length: n }, (_, i) => scratch.insertOne({ sagaId: `b${i}`, version: 1, at: new Date() })));
  const insertsPerSec = n / ((performance.now() - t) / 1000);
  const ids = await collection.distinct('sagaId');
  t = performance.now();
  await Promise.all(Array.from({ length: n }, (_, i) => collection.find({ sagaId: ids[i % ids.length] }).sort({ version: -1 }).limit(1).toArray()));
  const headReadsPerSec = n / ((performance.now() - t) / 1000);
  await scratch.drop();
  return { sagaEvents: size, insertsPerSec: Math.round(insertsPerSec), headReadsPerSec: Math.round(headReadsPerSec) };
}

async function main() {
  process.env.LOG_LEVEL ??= 'silent';
  const system = await bootSystem({ allAsChildren: process.env.IN_PROCESS !== '1' });
  try {
    process.stdout.write('preparing fans (user, charge, ACTIVE token, held seat)…\n');
    const fans = await prepareFans(system);
    process.stdout.write(`paying: ${fans.length} sagas, ${CONCURRENCY} at a time\n`);

    const results: { ms: number; status: string }[] = [];
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < fans.length) {
          const fan = fans[next++]!;
          results.push(await payToTheEnd(system, fan));
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;

    const completed = results.filter((r) => r.status === 'COMPLETED');
    const latencies = completed.map((r) => r.ms).sort((a, b) => a - b);
    await sleep(1_000);
    const leftovers = await deadLetterCounts(system.amqpChannel, sagaTopology(system.namespace));
    const baseline = await storeBaseline(system);

    const report = {
      sagas: results.length,
      completed: completed.length,
      failed: results.length - completed.length,
      failures: [...new Set(results.filter((r) => r.status !== 'COMPLETED').map((r) => r.status))],
      concurrency: CONCURRENCY,
      seconds: Number(seconds.toFixed(2)),
      sagasPerSecond: Number((completed.length / seconds).toFixed(1)),
      latencyMs: { p50: Math.round(percentile(latencies, 50)), p99: Math.round(percentile(latencies, 99)), max: Math.round(latencies.at(-1) ?? 0) },
      deadLetters: leftovers,
      storeBaseline: baseline,
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await system.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
