import { runService } from '@concert/lifecycle';
import { grpcSecurityOf, loadConfigOrExit } from '@concert/config';
import { adaptHandlers, startGrpcServer, useGrpcSecurity } from '@concert/grpc-kit';
import { createLogger } from '@concert/logger';
import { createMetricsRegistry, grpcServerMetrics, sourceOf, startMetricsServer } from '@concert/metrics';
import { loadQueueProto } from '@concert/protos';
import type { QueueServiceHandlers } from '@concert/protos/generated/queue/v1/QueueService';
import { startAdmissionLoop } from './application/admission-loop';
import { QueueService } from './application/queue.service';
import { SoldOutWatch } from './application/sold-out-watch';
import { configSchema, type QueueConfig } from './config';
import type { QueuePolicy } from './domain/queue-policy';
import { createConcertCatalogClient } from './infrastructure/concert-catalog.client';
import { JwtTokenCodec } from './infrastructure/jwt-token.codec';
import { queueMetrics } from './infrastructure/queue.metrics';
import { RedisQueueStore } from './infrastructure/redis-queue.store';
import { queueGrpcHandlers } from './transport/queue.grpc';

export { configSchema, readConfig, type QueueConfig } from './config';

export interface QueueServiceHandle {
  grpcPort: number;
  /** Port of GET /metrics; null when METRICS_PORT is unset. */
  metricsPort: number | null;
  stop(): Promise<void>;
}

export async function start(config: QueueConfig): Promise<QueueServiceHandle> {
  useGrpcSecurity(grpcSecurityOf(config));
  const logger = createLogger('queue', config.LOG_LEVEL);
  const policy: QueuePolicy = {
    maxActive: config.QUEUE_MAX_ACTIVE,
    activeTtlMs: config.QUEUE_ACTIVE_TTL_MS,
    abandonAfterMs: config.QUEUE_ABANDON_AFTER_MS,
    rateWindowMs: config.QUEUE_RATE_WINDOW_MS,
    pollBudgetPerSecond: config.QUEUE_POLL_BUDGET_PER_SEC,
    minPollSeconds: config.QUEUE_MIN_POLL_SECONDS,
    maxWaitMs: config.QUEUE_MAX_WAIT_MS,
    tokenGraceMs: config.QUEUE_TOKEN_GRACE_MS,
  };

  const registry = createMetricsRegistry('queue');
  const store = await RedisQueueStore.connect(config.REDIS_URL, policy, config.QUEUE_KEY_PREFIX, logger);
  const queue = new QueueService(store, new JwtTokenCodec(config.TOKEN_SIGNING_KEYS, config.TOKEN_KEY_ID), policy);
  const catalog = createConcertCatalogClient(config.CONCERT_GRPC_ADDR, config.CONCERT_GRPC_TIMEOUT_MS);
  const loop = startAdmissionLoop(queueMetrics(registry, policy.rateWindowMs).observing(store), new SoldOutWatch(store, catalog, logger), config.QUEUE_ADMIT_INTERVAL_MS, logger);

  const { QueueService: Definition } = loadQueueProto().queue.v1;
  const server = await startGrpcServer(`0.0.0.0:${config.GRPC_PORT}`, [
    { definition: Definition.service, implementation: adaptHandlers<QueueServiceHandlers>(queueGrpcHandlers(queue, logger), logger), name: 'queue.v1.QueueService' },
  ], undefined, grpcServerMetrics(registry));
  const metrics = config.METRICS_PORT === undefined ? null : await startMetricsServer(sourceOf(registry), config.METRICS_PORT);
  logger.info({ port: server.port, metricsPort: metrics?.port, maxActive: policy.maxActive }, 'queue service started');

  return {
    grpcPort: server.port,
    metricsPort: metrics?.port ?? null,
    async stop() {
      await server.stop();
      await loop.stop();
      catalog.close();
      await store.close();
      await metrics?.close();
      logger.info('queue service stopped');
    },
  };
}

if (require.main === module) {
  runService('queue', loadConfigOrExit(configSchema, process.env), start);
}
