import * as grpc from '@grpc/grpc-js';
import mongoose from 'mongoose';
import { createClient as createRedisClient } from 'redis';
import { callUnary, createClient, startGrpcServer } from '@concert/grpc-kit';
import { loadConcertProto, loadQueueProto } from '@concert/protos';
import { seedDemoCatalog, start as startConcert } from '@concert/concert-service';
import { readConfig as readQueueConfig, start as startQueue } from '@concert/queue-service';
import { isolatedMongoUrl, serverUrl, uniqueName } from '@concert/testing';

/** The real queue service in-process on port 0, its keys under a prefix of its own. */
export async function bootQueueService(env: Record<string, string> = {}) {
  const prefix = uniqueName('gwq');
  const redisUrl = await serverUrl('redis');
  const handle = await startQueue(readQueueConfig({ REDIS_URL: redisUrl, GRPC_PORT: '0', LOG_LEVEL: 'silent', QUEUE_KEY_PREFIX: prefix, ...env }));
  const address = `127.0.0.1:${handle.grpcPort}`;
  const client = createClient(loadQueueProto().queue.v1.QueueService, address);
  return {
    address,
    /** Its Redis keys start with `${prefix}:`. */
    prefix,
    /** What the payment saga does after a payment: ends the token and frees its slot. */
    expireToken: (concertCode: string, tokenId: string) =>
      callUnary(client, client.expireToken, { concertCode, tokenId, reason: 'PAYMENT_COMPLETED' }, { timeoutMs: 5_000 }),
    async dispose() {
      client.close();
      await handle.stop();
      await deleteKeys(redisUrl, `${prefix}:*`);
    },
  };
}

/** The real concert service over its own database seeded with the demo catalog (IU-2026, NEWJEANS-2026). */
export async function bootConcertService() {
  const mongoUrl = await isolatedMongoUrl('gateway_concert');
  await seedDemoCatalog(mongoUrl);
  const handle = await startConcert({ GRPC_PORT: 0, MONGO_URL: mongoUrl, AMQP_URL: 'amqp://unused:5672', HOLD_TTL_MS: 60_000, LOG_LEVEL: 'silent' });
  return {
    address: `127.0.0.1:${handle.grpcPort}`,
    async dispose() {
      await handle.stop();
      const db = await mongoose.createConnection(mongoUrl).asPromise();
      await db.dropDatabase();
      await db.close();
    },
  };
}

/**
 * What the queue service learns from the concert service, and nothing else: GetConcert with `soldOut`
 * as the test says. The real concert service decides it from its seat records; selling 50 seats of
 * every date through the saga is not what these route tests are about.
 */
export async function bootSoldOutAnswer() {
  const soldOut = new Set<string>();
  const getConcert = (call: grpc.ServerUnaryCall<{ concertCode: string }, unknown>, callback: grpc.sendUnaryData<unknown>) =>
    callback(null, { concertCode: call.request.concertCode, title: '', dates: [], soldOut: soldOut.has(call.request.concertCode) });
  const server = await startGrpcServer(
    '127.0.0.1:0',
    [{ definition: loadConcertProto().concert.v1.ConcertService.service, implementation: { GetConcert: getConcert }, name: 'concert.v1.ConcertService' }],
    100,
  );
  return { address: `127.0.0.1:${server.port}`, soldOut, stop: () => server.stop() };
}

export async function deleteKeys(redisUrl: string, pattern: string): Promise<void> {
  const redis = createRedisClient({ url: redisUrl });
  await redis.connect();
  const keys: string[] = [];
  for await (const batch of redis.scanIterator({ MATCH: pattern, COUNT: 1000 })) keys.push(...batch);
  if (keys.length) await redis.del(keys);
  await redis.quit();
}
