import { runService } from '@concert/lifecycle';
import { parkingQueueOf, sagaNames, startSagaParticipant } from '@concert/amqp-kit';
import { grpcSecurityOf, loadConfigOrExit } from '@concert/config';
import { adaptHandlers, startGrpcServer, useGrpcSecurity } from '@concert/grpc-kit';
import { createLogger } from '@concert/logger';
import { amqpConsumerMetrics, createMetricsRegistry, grpcServerMetrics, observeStoreCommands, parkedDepthGauge, serveMetrics, withCommandMonitoring } from '@concert/metrics';
import { loadConcertProto } from '@concert/protos';
import type { ConcertServiceHandlers } from '@concert/protos/generated/concert/v1/ConcertService';
import { connectMongo, ensureIndexes } from '@concert/stream-store';
import { configSchema, type ConcertConfig } from './config';
import { concertHandlers } from './transport/concert.grpc';
import { seatCommandsHandler } from './transport/seat-commands.consumer';
import { DEFAULT_SEAT_TURNS } from './application/seat-gate';
import { createStores, createUseCases } from './wiring';

export { seedDemoCatalog } from './seed';

export async function start(config: ConcertConfig): Promise<{ grpcPort: number; metricsPort: number | null; stop(): Promise<void> }> {
  useGrpcSecurity(grpcSecurityOf(config));
  const logger = createLogger('concert', config.LOG_LEVEL);
  const registry = createMetricsRegistry('concert');
  const connection = await connectMongo(withCommandMonitoring(config.MONGO_URL));
  observeStoreCommands(registry, connection.getClient());
  try {
    const stores = createStores(connection);
    await ensureIndexes(connection);
    const useCases = createUseCases(stores, config.HOLD_TTL_MS, () => new Date(), {
      ...DEFAULT_SEAT_TURNS,
      maxWaiting: config.SEAT_QUEUE_MAX ?? DEFAULT_SEAT_TURNS.maxWaiting,
    });
    const service = loadConcertProto().concert.v1.ConcertService;
    const server = await startGrpcServer(`0.0.0.0:${config.GRPC_PORT}`, [
      { definition: service.service, implementation: adaptHandlers<ConcertServiceHandlers>(concertHandlers(useCases), logger), name: 'concert.v1.ConcertService' },
    ], undefined, grpcServerMetrics(registry));
    const commandQueue = sagaNames(config.AMQP_NAMESPACE ?? 'concert').concertCommands;
    const consumed = amqpConsumerMetrics(registry);
    const saga = await startSagaParticipant({
      url: config.AMQP_URL,
      namespace: config.AMQP_NAMESPACE ?? 'concert',
      logger,
      connectionName: 'concert',
      queue: 'concertCommands',
      handler: (wiring) => consumed.observe(commandQueue, seatCommandsHandler(useCases.commands, wiring)),
    }).catch(async (error: unknown) => {
      await server.stop();
      throw error;
    });
    parkedDepthGauge(registry, () => saga.broker.parkedCounts(), [parkingQueueOf(commandQueue)]);
    const metrics = await serveMetrics(registry, config.METRICS_PORT);
    logger.info({ port: server.port, metricsPort: metrics?.port, holdTtlMs: config.HOLD_TTL_MS }, 'concert service listening');
    return {
      grpcPort: server.port,
      metricsPort: metrics?.port ?? null,
      stop: async () => {
        await saga.stop();
        await server.stop();
        await connection.close();
        await metrics?.close();
      },
    };
  } catch (error) {
    await connection.close();
    throw error;
  }
}

if (require.main === module) {
  runService('concert', loadConfigOrExit(configSchema, process.env), start);
}
