import { runService } from '@concert/lifecycle';
import { loadConfigOrExit } from '@concert/config';
import { adaptHandlers, startGrpcServer } from '@concert/grpc-kit';
import { createLogger } from '@concert/logger';
import { loadQueueProto } from '@concert/protos';
import type { QueueServiceHandlers } from '@concert/protos/generated/queue/v1/QueueService';
import { startAdmissionLoop } from './application/admission-loop';
import { QueueService } from './application/queue.service';
import { SoldOutWatch } from './application/sold-out-watch';
import { configSchema, type QueueConfig } from './config';
import type { QueuePolicy } from './domain/queue-policy';
import { createConcertCatalogClient } from './infrastructure/concert-catalog.client';
import { JwtTokenCodec } from './infrastructure/jwt-token.codec';
import { RedisQueueStore } from './infrastructure/redis-queue.store';
import { queueGrpcHandlers } from './transport/queue.grpc';

export { configSchema, readConfig, type QueueConfig } from './config';

export interface QueueServiceHandle {
  grpcPort: number;
  stop(): Promise<void>;
}

export async function start(config: QueueConfig): Promise<QueueServiceHandle> {
  const logger = createLogger('queue', config.LOG_LEVEL);
  const policy: QueuePolicy = {
    maxActive: config.QUEUE_MAX_ACTIVE,
    activeTtlMs: config.QUEUE_ACTIVE_TTL_MS,
    abandonAfterMs: config.QUEUE_ABANDON_AFTER_MS,
    rateWindowMs: config.QUEUE_RATE_WINDOW_MS,
    pollBudgetPerSecond: config.QUEUE_POLL_BUDGET_PER_SEC,
    minPollSeconds: config.QUEUE_MIN_POLL_SECONDS,
  };

  const store = await RedisQueueStore.connect(config.REDIS_URL, policy, config.QUEUE_KEY_PREFIX, logger);
  const queue = new QueueService(store, new JwtTokenCodec(config.TOKEN_SIGNING_KEYS, config.TOKEN_KEY_ID), policy);
  const catalog = createConcertCatalogClient(config.CONCERT_GRPC_ADDR, config.CONCERT_GRPC_TIMEOUT_MS);
  const loop = startAdmissionLoop(store, new SoldOutWatch(store, catalog, logger), config.QUEUE_ADMIT_INTERVAL_MS, logger);

  const { QueueService: Definition } = loadQueueProto().queue.v1;
  const server = await startGrpcServer(`0.0.0.0:${config.GRPC_PORT}`, [
    { definition: Definition.service, implementation: adaptHandlers<QueueServiceHandlers>(queueGrpcHandlers(queue, logger), logger), name: 'queue.v1.QueueService' },
  ]);
  logger.info({ port: server.port, maxActive: policy.maxActive }, 'queue service started');

  return {
    grpcPort: server.port,
    async stop() {
      await server.stop();
      await loop.stop();
      catalog.close();
      await store.close();
      logger.info('queue service stopped');
    },
  };
}

if (require.main === module) {
  runService('queue', loadConfigOrExit(configSchema, process.env), start);
}
