/*
 * Join-burst benchmark (not a test): the first second of a ticket opening, at the queue service.
 *
 *   pnpm --filter @concert/queue-service bench:burst     (REDIS_URL, BURST_FANS, BURST_CONCURRENCY optional)
 *
 * BURST_FANS new fans join one concert with BURST_CONCURRENCY calls in flight (IssueToken over gRPC),
 * then each polls once (GetStatus) at the same concurrency. Prints calls/s and the p50/p99 a caller
 * sees (queueing included: that is what a fan waits). Also times signing one token, to show the
 * codec's share. Everything lives under its own key prefix and is deleted at the end.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createClient as createRedisClient } from 'redis';
import { callUnary, createClient } from '@concert/grpc-kit';
import { loadQueueProto } from '@concert/protos';
import { JwtTokenCodec } from '../src/infrastructure/jwt-token.codec';
import { readConfig, start } from '../src/main';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const FANS = Number(process.env.BURST_FANS ?? 10_000);
const CONCURRENCY = Number(process.env.BURST_CONCURRENCY ?? 500);
const PREFIX = `qburst_${randomUUID().slice(0, 8)}`;
const CONCERT = 'BURST-2026';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function redisCpuSeconds(redis: { info(section: string): Promise<unknown> }): Promise<number> {
  const info = String(await redis.info('cpu'));
  return Number(/used_cpu_user:([\d.]+)/.exec(info)![1]) + Number(/used_cpu_sys:([\d.]+)/.exec(info)![1]);
}

/**
 * Runs `op` for 0..n-1 with `concurrency` in flight; per-call latency, overall rate, and CPU per call
 * of this process (client and service share it) and of the Redis server (shared with whatever else
 * runs: CPU is steadier than wall time on a busy machine, but not exclusive).
 */
async function burst(redis: { info(section: string): Promise<unknown> }, n: number, concurrency: number, op: (i: number) => Promise<unknown>) {
  const samples: number[] = [];
  const cpuBefore = process.cpuUsage();
  const redisBefore = await redisCpuSeconds(redis);
  let next = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const t = performance.now();
        await op(i).catch(() => failed++);
        samples.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1_000;
  const cpu = process.cpuUsage(cpuBefore);
  const redisUs = ((await redisCpuSeconds(redis)) - redisBefore) * 1e6;
  samples.sort((a, b) => a - b);
  return { perSecond: n / seconds, p50: percentile(samples, 50), p99: percentile(samples, 99), failed, nodeUs: (cpu.user + cpu.system) / n, redisUs: redisUs / n };
}

async function signCost(): Promise<number> {
  const codec = new JwtTokenCodec({ k: 'bench-signing-key-0123456789abcdef-0123' }, 'k');
  const n = 20_000;
  const expiresAt = Math.ceil(Date.now() / 1_000) + 3_600;
  await codec.sign({ userId: 'warm', concertCode: CONCERT, tokenId: 'warm', expiresAt });
  const t = performance.now();
  for (let i = 0; i < n; i++) await codec.sign({ userId: randomUUID(), concertCode: CONCERT, tokenId: codec.newTokenId(), expiresAt });
  return ((performance.now() - t) * 1_000) / n;
}

async function main() {
  const service = await start(
    readConfig({ REDIS_URL, GRPC_PORT: '0', LOG_LEVEL: 'warn', QUEUE_KEY_PREFIX: PREFIX, CONCERT_GRPC_ADDR: '127.0.0.1:1' }),
  );
  const redis = await createRedisClient({ url: REDIS_URL }).connect();
  const client = createClient(loadQueueProto().queue.v1.QueueService, `127.0.0.1:${service.grpcPort}`);
  const opts = { timeoutMs: 30_000 };
  const users = Array.from({ length: FANS }, () => randomUUID());
  const tokens: string[] = new Array(FANS);
  try {
    // Warm the channel and the scripts, as a running service would be.
    await callUnary(client, client.issueToken, { concertCode: `${CONCERT}-warm`, userId: randomUUID() }, opts);
    const joins = await burst(redis, FANS, CONCURRENCY, async (i) => {
      tokens[i] = (await callUnary(client, client.issueToken, { concertCode: CONCERT, userId: users[i]! }, opts)).token;
    });
    const polls = await burst(redis, FANS, CONCURRENCY, (i) => callUnary(client, client.getStatus, { concertCode: CONCERT, token: tokens[i]! }, opts));
    const signUs = await signCost();

    const line = (name: string, r: Awaited<ReturnType<typeof burst>>) =>
      `  ${name.padEnd(22)} ${Math.round(r.perSecond).toLocaleString().padStart(7)}/s   p50 ${r.p50.toFixed(1).padStart(7)} ms   p99 ${r.p99.toFixed(1).padStart(7)} ms   node CPU ${Math.round(r.nodeUs)} µs/call   redis CPU ${Math.round(r.redisUs)} µs/call   failed ${r.failed}`;
    console.log(`\nqueue burst: ${FANS.toLocaleString()} new fans, ${CONCURRENCY} in flight, one concert (node ${process.version})`);
    console.log(line('join (IssueToken)', joins));
    console.log(line('poll (GetStatus)', polls));
    console.log(`  token signing alone: ${signUs.toFixed(1)} µs per token`);
  } finally {
    client.close();
    await service.stop();
    const mine: string[] = [];
    for await (const batch of redis.scanIterator({ MATCH: `${PREFIX}:*`, COUNT: 1000 })) mine.push(...batch);
    if (mine.length) await redis.del(mine);
    await redis.quit();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
