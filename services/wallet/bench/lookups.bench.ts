/**
 * Cost follows the live work, not the history (issue 8, item 3): GetUser and GetBalance of existing
 * users through the real wallet service (gRPC) on the real MongoDB-wire server, with 1,000 users and
 * with 100,000 users (1,000,000 ledger records). Each size is a scratch database seeded once and
 * reused. Prints latency percentiles and store commands per lookup, cold (first lookup by a freshly
 * started process) and warm (repeated), then the 100k/1k ratios.
 *
 *   MONGO_URL=mongodb://127.0.0.1:27017/ pnpm --filter @concert/wallet-service bench [lookups]
 */
import mongoose from 'mongoose';
import { callUnary, createClient } from '@concert/grpc-kit';
import { loadWalletProto } from '@concert/protos';
import type { WalletServiceClient } from '@concert/protos/generated/wallet/v1/WalletService';
import { serverUrl } from '@concert/testing';
import { start } from '../src/main';
import { benchUserId, CHARGES_PER_USER, ensureSeeded } from './ledger-seed';

const LOOKUPS = Number(process.argv[2] ?? 10_000);
const SIZES = [1_000, 100_000];
/** In-flight calls, as from a gateway serving a join burst. */
const CONCURRENCY = 64;
/** Balance reads go in slices this big: cold for the slice, then warm at once (within the freshness bound). */
const BALANCE_SLICE = 100;

interface Figures {
  p50: number;
  p99: number;
  perSecond: number;
  commandsPerLookup: number;
}
type Row = Record<'userCold' | 'userWarm' | 'balanceCold' | 'balanceWarm', Figures>;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** Runs `call` for each id with CONCURRENCY in flight; counts the store commands started meanwhile. */
async function measure(ids: string[], call: (id: string) => Promise<unknown>, commands: { count: number }): Promise<Figures & { latencies: number[]; ms: number }> {
  const latencies: number[] = [];
  const before = commands.count;
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < ids.length) {
        const id = ids[next++]!;
        const t = performance.now();
        await call(id);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const ms = performance.now() - t0;
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), perSecond: ids.length / (ms / 1_000), commandsPerLookup: (commands.count - before) / ids.length, latencies, ms };
}

/** Merges slice measurements into one figure set. */
function merge(parts: Awaited<ReturnType<typeof measure>>[], commandsPerLookup: number): Figures {
  const latencies = parts.flatMap((p) => p.latencies).sort((a, b) => a - b);
  const ms = parts.reduce((sum, p) => sum + p.ms, 0);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), perSecond: latencies.length / (ms / 1_000), commandsPerLookup };
}

async function runSize(base: URL, users: number): Promise<Row> {
  const url = new URL(base);
  url.pathname = `/wallet_bench_${users}`;
  console.log(`\n${users} users, ${users * (CHARGES_PER_USER + 1)} ledger records (${url.pathname.slice(1)})`);
  // Command monitoring on the service's own connection: every store command it sends is counted.
  const connection = await mongoose.createConnection(url.toString(), { retryWrites: false, maxPoolSize: 10, autoIndex: false, autoCreate: false, monitorCommands: true }).asPromise();
  await ensureSeeded(connection, users, console.log);
  const commands = { count: 0, byName: new Map<string, number>() };
  connection.getClient().on('commandStarted', (event) => {
    commands.count++;
    commands.byName.set(event.commandName, (commands.byName.get(event.commandName) ?? 0) + 1);
  });
  const t0 = performance.now();
  const wallet = await start({ GRPC_PORT: 0, MONGO_URL: url.toString(), AMQP_URL: 'amqp://127.0.0.1:1', LOG_LEVEL: 'silent' }, { connection });
  console.log(`  service start: ${(performance.now() - t0).toFixed(0)} ms, ${commands.count} store commands`);
  const client: WalletServiceClient = createClient(loadWalletProto().wallet.v1.WalletService, `127.0.0.1:${wallet.grpcPort}`);
  const options = { timeoutMs: 30_000 };
  try {
    const distinct = Array.from({ length: Math.min(users, LOOKUPS) }, (_, i) => benchUserId(Math.floor((i * users) / Math.min(users, LOOKUPS))));
    const repeated = Array.from({ length: LOOKUPS }, (_, i) => distinct[i % distinct.length]!);
    const getUser = (userId: string) => callUnary(client, client.getUser, { userId }, options);
    // The payment's advisory pre-check (a fan's own read always asks the store: one find).
    const getBalance = async (userId: string) => {
      const { balance } = await callUnary(client, client.getBalance, { userId, advisory: true }, options);
      if (balance !== 10 * CHARGES_PER_USER) throw new Error(`balance of ${userId} is ${balance}`);
    };
    commands.byName.clear();
    const userCold = await measure(distinct, getUser, commands);
    const userWarm = await measure(repeated, getUser, commands);
    const coldParts = [];
    const warmParts = [];
    let coldCommands = 0;
    let warmCommands = 0;
    for (let i = 0; i < distinct.length; i += BALANCE_SLICE) {
      const slice = distinct.slice(i, i + BALANCE_SLICE);
      const cold = await measure(slice, getBalance, commands);
      const warm = await measure(slice, getBalance, commands);
      coldParts.push(cold);
      warmParts.push(warm);
      coldCommands += cold.commandsPerLookup * slice.length;
      warmCommands += warm.commandsPerLookup * slice.length;
    }
    const row: Row = {
      userCold,
      userWarm,
      balanceCold: merge(coldParts, coldCommands / distinct.length),
      balanceWarm: merge(warmParts, warmCommands / distinct.length),
    };
    console.log(`  lookups: ${distinct.length} cold, ${repeated.length} warm GetUser; ${distinct.length} cold + ${distinct.length} warm GetBalance`);
    for (const [name, f] of Object.entries(row)) console.log(`  ${name.padEnd(12)} p50 ${f.p50.toFixed(2)} ms  p99 ${f.p99.toFixed(2)} ms  ${f.perSecond.toFixed(0)}/s  ${f.commandsPerLookup.toFixed(3)} store commands/lookup`);
    console.log(`  store commands by name: ${JSON.stringify(Object.fromEntries(commands.byName))}`);
    return row;
  } finally {
    client.close();
    await wallet.stop();
    await connection.close();
  }
}

async function main() {
  const base = new URL(await serverUrl('mongo'));
  const rows: Row[] = [];
  for (const users of SIZES) rows.push(await runSize(base, users));
  const [small, large] = rows as [Row, Row];
  console.log(`\nratio ${SIZES[1]}/${SIZES[0]} users (target ≤ 1.5×)`);
  for (const key of Object.keys(small) as (keyof Row)[]) {
    console.log(`  ${key.padEnd(12)} p50 ${(large[key].p50 / small[key].p50).toFixed(2)}×  p99 ${(large[key].p99 / small[key].p99).toFixed(2)}×`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
