/*
 * Rate-limiter benchmark (not a test): the join route's two counters (per user, per address) for
 * BENCH_JOINS joins with BENCH_CONCURRENCY in flight, against the real Redis.
 *
 *   pnpm --filter @concert/gateway bench:rate-limit     (REDIS_URL, BENCH_JOINS, BENCH_CONCURRENCY optional)
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createClient } from 'redis';
import { createLogger } from '@concert/logger';
import { RedisRateLimiter } from '../src/infrastructure/rate-limiter.redis';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const JOINS = Number(process.env.BENCH_JOINS ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 500);
const PREFIX = `rlbench_${randomUUID().slice(0, 8)}`;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function redisCommands(redis: { info(section: string): Promise<unknown> }): Promise<number> {
  return Number(/total_commands_processed:(\d+)/.exec(String(await redis.info('stats')))![1]);
}

async function main() {
  const limiter = await RedisRateLimiter.connect(REDIS_URL, PREFIX, createLogger('bench', 'warn'));
  const redis = await createClient({ url: REDIS_URL }).connect();
  const users = Array.from({ length: JOINS }, () => randomUUID());
  const samples: number[] = [];
  let next = 0;
  try {
    const commandsBefore = await redisCommands(redis);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < JOINS) {
          const i = next++;
          const t = performance.now();
          await limiter.hitAll([{ key: `token:user:${users[i]}`, limit: 30 }, { key: `token:addr:10.0.0.${i % 250}`, limit: 6_000 }], 60_000);
          samples.push(performance.now() - t);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1_000;
    const cpu = process.cpuUsage(cpuBefore);
    const commands = (await redisCommands(redis)) - commandsBefore - 1;
    samples.sort((a, b) => a - b);
    console.log(`\nrate limiter: ${JOINS.toLocaleString()} joins (2 counters each), ${CONCURRENCY} in flight (node ${process.version})`);
    console.log(
      `  ${Math.round(JOINS / seconds).toLocaleString()} joins/s   p50 ${percentile(samples, 50).toFixed(1)} ms   p99 ${percentile(samples, 99).toFixed(1)} ms   ` +
        `node CPU ${Math.round((cpu.user + cpu.system) / JOINS)} µs/join   Redis commands ${(commands / JOINS).toFixed(2)}/join (server-wide)`,
    );
  } finally {
    limiter.close();
    const mine: string[] = [];
    for await (const batch of redis.scanIterator({ MATCH: `*${PREFIX}*`, COUNT: 1000 })) mine.push(...batch);
    if (mine.length) await redis.del(mine);
    await redis.quit();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
