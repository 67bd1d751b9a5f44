import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import mongoose from 'mongoose';
import { createClient as createRedisClient } from 'redis';
import { seedDemoCatalog, start as startConcert } from '@concert/concert-service';
import { callUnary, createClient } from '@concert/grpc-kit';
import { loadQueueProto } from '@concert/protos';
import { start as startQueue, readConfig as readQueueConfig } from '@concert/queue-service';
import { isolatedMongoUrl, serverUrl, uniqueName } from '@concert/testing';
import { readConfig } from '../src/config';
import { start as startGateway } from '../src/main';

/**
 * The real gateway in front of the real concert service (FerretDB, demo catalog) and the real queue
 * service (Redis, with room for thousands of ACTIVE fans), each on port 0 and its own data.
 */
export async function bootConcertStack(holdTtlMs = 60_000) {
  const mongoUrl = await isolatedMongoUrl('gateway_concert');
  const seeded = await seedDemoCatalog(mongoUrl);
  const concert = await startConcert({ GRPC_PORT: 0, MONGO_URL: mongoUrl, AMQP_URL: 'amqp://unused:5672', HOLD_TTL_MS: holdTtlMs, LOG_LEVEL: 'silent' });
  const redisUrl = await serverUrl('redis');
  const queuePrefix = uniqueName('gwc');
  const rateLimitPrefix = uniqueName('gwcrl');
  const queue = await startQueue(
    readQueueConfig({
      GRPC_PORT: '0',
      REDIS_URL: redisUrl,
      QUEUE_KEY_PREFIX: queuePrefix,
      QUEUE_MAX_ACTIVE: '5000',
      QUEUE_ADMIT_INTERVAL_MS: '50',
      CONCERT_GRPC_ADDR: `127.0.0.1:${concert.grpcPort}`,
      LOG_LEVEL: 'silent',
    }),
  );
  const queueAddress = `127.0.0.1:${queue.grpcPort}`;
  const gateway = await startGateway(
    readConfig({
      PORT: '0',
      CONCERT_GRPC_ADDR: `127.0.0.1:${concert.grpcPort}`,
      QUEUE_GRPC_ADDR: queueAddress,
      REDIS_URL: redisUrl,
      RATE_LIMIT_KEY_PREFIX: rateLimitPrefix,
      GRPC_TIMEOUT_MS: '30000',
      LOG_LEVEL: 'silent',
    }),
  );
  const url = `http://127.0.0.1:${gateway.port}/api/v1`;
  const queueClient = createClient(loadQueueProto().queue.v1.QueueService, queueAddress);

  /** ACTIVE queue tokens of `n` new fans (issued straight at the queue service, then polled until admitted). */
  async function activeFans(n: number, concertCode = 'IU-2026'): Promise<{ userId: string; token: string; tokenId: string }[]> {
    const fans = await Promise.all(
      Array.from({ length: n }, async () => {
        const userId = randomUUID();
        const issued = await callUnary(queueClient, queueClient.issueToken, { concertCode, userId }, { timeoutMs: 30_000 });
        return { userId, token: issued.token, tokenId: issued.status?.tokenId ?? '' };
      }),
    );
    for (let waiting = fans; waiting.length > 0; ) {
      const statuses = await Promise.all(waiting.map((f) => callUnary(queueClient, queueClient.getStatus, { concertCode, token: f.token }, { timeoutMs: 30_000 })));
      waiting = waiting.filter((_, i) => statuses[i]!.status !== 'ACTIVE');
      if (waiting.length > 0) await new Promise((r) => setTimeout(r, 100));
    }
    return fans;
  }

  /** What the payment saga does once a fan has paid: the token is used up (EXPIRED). */
  const expireToken = (fan: { tokenId: string }, concertCode = 'IU-2026') =>
    callUnary(queueClient, queueClient.expireToken, { concertCode, tokenId: fan.tokenId, reason: 'PAYMENT_COMPLETED' }, { timeoutMs: 30_000 });

  return {
    url,
    expireToken,
    dates: seeded.find((c) => c.concertCode === 'IU-2026')!.concertDates,
    activeFans,
    async stop() {
      queueClient.close();
      await gateway.stop();
      await queue.stop();
      await concert.stop();
      const db = await mongoose.createConnection(mongoUrl).asPromise();
      await db.dropDatabase();
      await db.close();
      const redis = await createRedisClient({ url: redisUrl }).connect();
      for (const prefix of [queuePrefix, rateLimitPrefix]) {
        for await (const keys of redis.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) if (keys.length > 0) await redis.del(keys);
      }
      await redis.quit();
    },
  };
}

export interface HttpAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** One JSON request; GET may carry a body, as the original API sends it (fetch refuses that). */
export function http(method: string, url: string, options: { token?: string; body?: unknown } = {}): Promise<HttpAnswer> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string | number> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (payload !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = Buffer.byteLength(payload);
  }
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}
