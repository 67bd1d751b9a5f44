import { runService } from '@concert/lifecycle';
import { parkingQueueOf, sagaNames, startSagaParticipant } from '@concert/amqp-kit';
import { grpcSecurityOf, loadConfigOrExit } from '@concert/config';
import { adaptHandlers, startGrpcServer, useGrpcSecurity } from '@concert/grpc-kit';
import type { Connection } from 'mongoose';
import { createLogger, type Logger } from '@concert/logger';
import { amqpConsumerMetrics, createMetricsRegistry, grpcServerMetrics, observeStoreCommands, parkedDepthGauge, serveMetrics, withCommandMonitoring } from '@concert/metrics';
import { loadWalletProto } from '@concert/protos';
import { connectMongo, ensureIndexes } from '@concert/stream-store';
import { DEFAULT_MEMORY, DEFAULT_USER_TURNS, walletUseCases } from './application/wallet.use-cases';
import { configSchema, type WalletConfig } from './config';
import { ledgerModel, MongoLedgerStore } from './infrastructure/ledger.repository';
import { walletCommandsHandler } from './transport/wallet-commands.consumer';
import { walletHandlers } from './transport/wallet.grpc';

export interface WalletHandle {
  grpcPort: number;
  /** Port of GET /metrics; null when METRICS_PORT is unset. */
  metricsPort: number | null;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Tests pass a logger that writes where they can read it. */
  logger?: Logger;
  /**
   * A store connection made by the caller (tests and benchmarks open it with command monitoring to
   * count store commands); it stays open on stop(). Unset: the service connects to MONGO_URL itself.
   */
  connection?: Connection;
}

/** Composition root: Mongo → ledger store → use cases → gRPC server; stop() in reverse. */
export async function start(config: WalletConfig, options: StartOptions = {}): Promise<WalletHandle> {
  useGrpcSecurity(grpcSecurityOf(config));
  const logger = options.logger ?? createLogger('wallet', config.LOG_LEVEL);
  const registry = createMetricsRegistry('wallet');
  const connection = options.connection ?? (await connectMongo(withCommandMonitoring(config.MONGO_URL)));
  observeStoreCommands(registry, connection.getClient());
  const closeOwnConnection = () => (options.connection ? Promise.resolve() : connection.close());
  try {
    const model = ledgerModel(connection);
    await ensureIndexes(connection);
    const wallet = walletUseCases(new MongoLedgerStore(model), undefined, {
      knownUsers: config.KNOWN_USERS_CAPACITY ?? DEFAULT_MEMORY.knownUsers,
      heads: config.LEDGER_HEADS_CAPACITY ?? DEFAULT_MEMORY.heads,
      balanceFreshMs: config.BALANCE_FRESH_MS ?? DEFAULT_MEMORY.balanceFreshMs,
    }, { ...DEFAULT_USER_TURNS, maxWaiting: config.USER_QUEUE_MAX ?? DEFAULT_USER_TURNS.maxWaiting });

    const service = loadWalletProto().wallet.v1.WalletService;
    const server = await startGrpcServer(`0.0.0.0:${config.GRPC_PORT}`, [
      { definition: service.service, implementation: adaptHandlers(walletHandlers(wallet, logger), logger), name: 'wallet.v1.WalletService' },
    ], undefined, grpcServerMetrics(registry));
    const commandQueue = sagaNames(config.AMQP_NAMESPACE ?? 'concert').walletCommands;
    const consumed = amqpConsumerMetrics(registry);
    const saga = await startSagaParticipant({
      url: config.AMQP_URL,
      namespace: config.AMQP_NAMESPACE ?? 'concert',
      logger,
      connectionName: 'wallet',
      queue: 'walletCommands',
      handler: (wiring) => consumed.observe(commandQueue, walletCommandsHandler(wallet, wiring)),
    }).catch(async (error: unknown) => {
      await server.stop();
      throw error;
    });
    parkedDepthGauge(registry, () => saga.broker.parkedCounts(), [parkingQueueOf(commandQueue)]);
    const metrics = await serveMetrics(registry, config.METRICS_PORT);
    logger.info({ grpcPort: server.port, metricsPort: metrics?.port }, 'wallet service listening');

    let stopping: Promise<void> | undefined;
    const stop = () => {
      stopping ??= (async () => {
        await saga.stop();
        await server.stop();
        await closeOwnConnection();
        await metrics?.close();
        logger.info('wallet service stopped');
      })();
      return stopping;
    };
    return { grpcPort: server.port, metricsPort: metrics?.port ?? null, stop };
  } catch (error) {
    await closeOwnConnection();
    throw error;
  }
}

if (require.main === module) {
  runService('wallet', loadConfigOrExit(configSchema, process.env), start);
}
