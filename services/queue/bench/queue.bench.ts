/*
 * Queue benchmark (not a test): one concert with 100,000 WAITING fans.
 *
 *   pnpm --filter @concert/queue-service bench          (REDIS_URL, BENCH_FANS, BENCH_SAMPLES optional)
 *
 * Reports Redis memory per waiting fan (MEMORY USAGE of the concert's keys, and the server's
 * used_memory delta), the fill rate, and join/poll latency p50/p99 through the queue service's gRPC
 * at that size, beside the baseline of a bare Redis ZADD/ZRANK round trip on a sorted set of the
 * same size. Everything it writes lives under its own key prefix and is deleted at the end.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createClient as createRedisClient } from 'redis';
import { callUnary, createClient } from '@concert/grpc-kit';
import { loadQueueProto } from '@concert/protos';
import { readConfig, start } from '../src/main';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const FANS = Number(process.env.BENCH_FANS ?? 100_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 2_000);
const FILL_CONCURRENCY = 256;
const PREFIX = `qbench_${randomUUID().slice(0, 8)}`;
const CONCERT = 'BENCH-2026';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const ms = (v: number) => `${v.toFixed(3)} ms`;

async function timed(n: number, op: (i: number) => Promise<unknown>): Promise<{ p50: number; p99: number; mean: number }> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await op(i);
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), mean: samples.reduce((a, b) => a + b, 0) / n };
}

async function usedMemory(redis: { info(section: string): Promise<unknown> }): Promise<number> {
  const info = String(await redis.info('memory'));
  return Number(/used_memory:(\d+)/.exec(info)![1]);
}

async function main() {
  const redis = createRedisClient({ url: REDIS_URL });
  await redis.connect();
  const service = await start(
    readConfig({
      REDIS_URL,
      GRPC_PORT: '0',
      LOG_LEVEL: 'warn',
      QUEUE_KEY_PREFIX: PREFIX,
      // Nobody polls during the run; keep every fan in line however long the fill takes.
      QUEUE_ABANDON_AFTER_MS: String(3_600_000),
    }),
  );
  const client = createClient(loadQueueProto().queue.v1.QueueService, `127.0.0.1:${service.grpcPort}`);
  const opts = { timeoutMs: 30_000 };
  const issue = (userId: string) => callUnary(client, client.issueToken, { concertCode: CONCERT, userId }, opts);
  const poll = (token: string) => callUnary(client, client.getStatus, { concertCode: CONCERT, token }, opts);
  const keys = ['waiting', 'deadline', 'active', 'users', 'owners', 'admits', 'seq'].map((k) => `${PREFIX}:{${CONCERT}}:${k}`);
  const baselineKey = `${PREFIX}:{${CONCERT}}:baseline`;

  try {
    const memoryBefore = await usedMemory(redis);
    const tokens: string[] = new Array(FANS);
    const users: string[] = new Array(FANS);
    let next = 0;
    const fillStarted = performance.now();
    await Promise.all(
      Array.from({ length: FILL_CONCURRENCY }, async () => {
        while (next < FANS) {
          const i = next++;
          users[i] = randomUUID();
          tokens[i] = (await issue(users[i]!)).token;
        }
      }),
    );
    const fillSeconds = (performance.now() - fillStarted) / 1_000;
    const memoryAfter = await usedMemory(redis);
    const waiting = await redis.zCard(keys[0]!);
    const active = await redis.zCard(keys[2]!);
    let keyBytes = 0;
    const perKey: string[] = [];
    for (const key of keys) {
      const bytes = Number((await redis.memoryUsage(key, { SAMPLES: 0 })) ?? 0);
      keyBytes += bytes;
      perKey.push(`${key.split(':').pop()}=${(bytes / 1024 / 1024).toFixed(1)} MiB`);
    }

    // Latency at this size, one call at a time (pure round trips, no queueing in the client).
    const join = await timed(SAMPLES, () => issue(randomUUID()));
    const rejoin = await timed(SAMPLES, () => issue(users[Math.floor(Math.random() * FANS)]!));
    const polls = await timed(SAMPLES, () => poll(tokens[100 + Math.floor(Math.random() * (FANS - 100))]!));
    const pollsConcurrent = await (async () => {
      const t = performance.now();
      const n = 20_000;
      let k = 0;
      await Promise.all(
        Array.from({ length: 64 }, async () => {
          while (k < n) {
            k++;
            await poll(tokens[100 + Math.floor(Math.random() * (FANS - 100))]!);
          }
        }),
      );
      return n / ((performance.now() - t) / 1_000);
    })();

    // Baseline: the same sorted-set work, bare, on a set of the same size.
    for (let i = 0; i < FANS; i += 1_000) {
      const batch = Array.from({ length: Math.min(1_000, FANS - i) }, (_, j) => ({ score: i + j, value: randomUUID() }));
      await redis.zAdd(baselineKey, batch);
    }
    const size = await redis.zCard(baselineKey);
    const bareZadd = await timed(SAMPLES, (i) => redis.zAdd(baselineKey, { score: size + i, value: randomUUID() }));
    const members = await redis.zRange(baselineKey, 0, -1);
    const bareZrank = await timed(SAMPLES, () => redis.zRank(baselineKey, members[Math.floor(Math.random() * members.length)]!));
    const bareZsetBytes = Number(await redis.memoryUsage(baselineKey, { SAMPLES: 0 }));

    const line = (name: string, r: { p50: number; p99: number; mean: number }) =>
      `  ${name.padEnd(44)} p50 ${ms(r.p50).padStart(10)}   p99 ${ms(r.p99).padStart(10)}   mean ${ms(r.mean).padStart(10)}`;
    console.log(`\nqueue benchmark: ${FANS.toLocaleString()} fans in one concert (Redis ${REDIS_URL}, node ${process.version})`);
    console.log(`  filled in ${fillSeconds.toFixed(1)} s = ${Math.round(FANS / fillSeconds).toLocaleString()} joins/s over gRPC (concurrency ${FILL_CONCURRENCY})`);
    console.log(`  state: ${waiting.toLocaleString()} WAITING + ${active} ACTIVE`);
    console.log(`\nmemory`);
    console.log(`  MEMORY USAGE of the concert's keys: ${(keyBytes / 1024 / 1024).toFixed(1)} MiB = ${Math.round(keyBytes / FANS)} bytes per fan (${perKey.join(', ')})`);
    console.log(`  server used_memory delta:           ${((memoryAfter - memoryBefore) / 1024 / 1024).toFixed(1)} MiB = ${Math.round((memoryAfter - memoryBefore) / FANS)} bytes per fan (shared server: noisy)`);
    console.log(`  baseline, a bare ZSET of ${size.toLocaleString()} uuid members: ${Math.round(bareZsetBytes / size)} bytes per member`);
    console.log(`\nlatency at ${FANS.toLocaleString()} waiting, ${SAMPLES} sequential calls each`);
    console.log(line('join (IssueToken, new fan) via gRPC', join));
    console.log(line('re-join (IssueToken, existing fan) via gRPC', rejoin));
    console.log(line('poll (GetStatus, random place) via gRPC', polls));
    console.log(line('baseline: bare Redis ZADD', bareZadd));
    console.log(line('baseline: bare Redis ZRANK', bareZrank));
    console.log(`  poll throughput, 64 concurrent callers: ${Math.round(pollsConcurrent).toLocaleString()} polls/s`);
  } finally {
    client.close();
    await service.stop();
    const mine: string[] = [];
    for await (const batch of redis.scanIterator({ MATCH: `${PREFIX}:*`, COUNT: 1000 })) mine.push(...batch);
    if (mine.length) await redis.del(mine);
    await redis.zRem(`${PREFIX}:concerts`, CONCERT).catch(() => undefined);
    await redis.quit();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
