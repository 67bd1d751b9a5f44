import { createClient as createRedisClient } from 'redis';
import { callUnary, createClient } from '@concert/grpc-kit';
import { loadQueueProto } from '@concert/protos';
import type { IssueTokenResponse__Output } from '@concert/protos/generated/queue/v1/IssueTokenResponse';
import type { TokenStatus__Output } from '@concert/protos/generated/queue/v1/TokenStatus';
import type { ValidatedToken__Output } from '@concert/protos/generated/queue/v1/ValidatedToken';
import { serverUrl, uniqueName } from '@concert/testing';
import { readConfig, start } from '../src/main';

export const TEST_KEYS = 'k1=first-test-signing-key-0123456789abcdef';

/** One queue-service instance booted in-process on port 0, with a typed client over real gRPC. */
export async function bootQueue(env: Record<string, string>) {
  const service = await start(
    readConfig({ REDIS_URL: await serverUrl('redis'), GRPC_PORT: '0', LOG_LEVEL: 'silent', TOKEN_SIGNING_KEYS: TEST_KEYS, ...env }),
  );
  const client = createClient(loadQueueProto().queue.v1.QueueService, `127.0.0.1:${service.grpcPort}`);
  const opts = { timeoutMs: 20_000 };
  return {
    issue: (concertCode: string, userId: string): Promise<IssueTokenResponse__Output> =>
      callUnary(client, client.IssueToken, { concertCode, userId }, opts),
    status: (concertCode: string, token: string): Promise<TokenStatus__Output> => callUnary(client, client.GetStatus, { concertCode, token }, opts),
    leave: (concertCode: string, token: string) => callUnary(client, client.Leave, { concertCode, token }, opts),
    validate: (concertCode: string, token: string, flags: { requireActive?: boolean; allowExpired?: boolean } = {}): Promise<ValidatedToken__Output> =>
      callUnary(client, client.ValidateToken, { concertCode, token, ...flags }, opts),
    expire: (concertCode: string, tokenId: string) => callUnary(client, client.ExpireToken, { concertCode, tokenId, reason: 'PAYMENT_COMPLETED' }, opts),
    async stop() {
      client.close();
      await service.stop();
    },
  };
}

export type QueueHandle = Awaited<ReturnType<typeof bootQueue>>;

/** A raw Redis connection for assertions and for deleting what a test made. */
export async function redisFor(prefix: string) {
  const redis = createRedisClient({ url: await serverUrl('redis') });
  await redis.connect();
  return {
    redis,
    activeCount: (concertCode: string) => redis.zCard(`${prefix}:{${concertCode}}:active`),
    async cleanup() {
      const keys: string[] = [];
      for await (const batch of redis.scanIterator({ MATCH: `${prefix}:*`, COUNT: 1000 })) keys.push(...batch);
      if (keys.length) await redis.del(keys);
      await redis.quit();
    },
  };
}

export const newPrefix = () => uniqueName('qt');
export const newConcert = () => uniqueName('C');
export const userIds = (n: number) => Array.from({ length: n }, () => crypto.randomUUID());
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves once `check` holds, polling every 25 ms; fails after `timeoutMs`. */
export async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(25);
  }
}

/** The error code a rejected call carried. */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { code?: string }).code ?? 'NO_CODE';
  }
  return 'NO_ERROR';
}
