import { runService } from '@concert/lifecycle';
import { AmqpBroker, OutboxRelay, parkingQueueOf, sagaNames, sagaTopology } from '@concert/amqp-kit';
import { grpcSecurityOf, loadConfigOrExit } from '@concert/config';
import { adaptHandlers, startGrpcServer, useGrpcSecurity } from '@concert/grpc-kit';
import { createLogger, type Logger } from '@concert/logger';
import { amqpConsumerMetrics, createMetricsRegistry, grpcServerMetrics, observeStoreCommands, parkedDepthGauge, serveMetrics, withCommandMonitoring } from '@concert/metrics';
import { loadPaymentProto } from '@concert/protos';
import type { PaymentServiceHandlers } from '@concert/protos/generated/payment/v1/PaymentService';
import { connectMongo, ensureIndexes, StreamHeads } from '@concert/stream-store';
import type { SagaEvent } from './application/payment.ports';
import { DeadlineSweeper } from './application/deadline-sweeper';
import { PaymentQueries } from './application/payment.queries';
import { SagaOrchestrator } from './application/saga-orchestrator';
import { SagaWatcher } from './application/saga-watcher';
import { StartPayment } from './application/start-payment.use-case';
import { configSchema, type PaymentConfig } from './config';
import { MongoIdempotencyStore } from './infrastructure/idempotency.repository';
import { MongoSagaStore, SagaOutboxSource } from './infrastructure/saga.repository';
import { sagaMetrics } from './infrastructure/saga.metrics';
import { createServiceClients } from './infrastructure/service.clients';
import { paymentHandlers } from './transport/payment.grpc';
import { sagaRepliesHandler } from './transport/saga-replies.consumer';

export interface PaymentHandle {
  grpcPort: number;
  /** Port of GET /metrics; null when METRICS_PORT is unset. */
  metricsPort: number | null;
  stop(): Promise<void>;
}

/** Composition root: Mongo, broker, gRPC clients → saga → consumers, relay, sweeper, gRPC server. */
export interface StartOptions {
  logger?: Logger;
  /**
   * Called with the name of every command sent to the store (tests count them per saga). Needs
   * command monitoring on the connection: `monitorCommands=true` in MONGO_URL.
   */
  onStoreCommand?: (event: { commandName: string; command: Record<string, unknown> }) => void;
}

export async function start(config: PaymentConfig, options: StartOptions = {}): Promise<PaymentHandle> {
  useGrpcSecurity(grpcSecurityOf(config));
  const logger = options.logger ?? createLogger('payment', config.LOG_LEVEL);
  const clock = () => new Date();
  const names = sagaNames(config.AMQP_NAMESPACE);
  const stops: (() => Promise<unknown> | void)[] = [];
  const stop = async () => {
    for (const s of stops.splice(0).reverse()) await s();
  };
  try {
    const registry = createMetricsRegistry('payment');
    const connection = await connectMongo(withCommandMonitoring(config.MONGO_URL));
    stops.push(() => connection.close());
    observeStoreCommands(registry, connection.getClient());
    const { onStoreCommand } = options;
    if (onStoreCommand) connection.getClient().on('commandStarted', (event) => onStoreCommand(event));
    const sagas = new MongoSagaStore(connection);
    const keys = new MongoIdempotencyStore(connection);
    await ensureIndexes(connection);

    const broker = await AmqpBroker.connect({ url: config.AMQP_URL, topology: sagaTopology(config.AMQP_NAMESPACE), logger, connectionName: 'payment' });
    stops.push(() => broker.close());

    const relay = new OutboxRelay(new SagaOutboxSource(sagas, names.exchange, config.RELAY_GRACE_MS), broker, logger, { pollIntervalMs: config.RELAY_POLL_MS });
    const outboxSource = new SagaOutboxSource(sagas, names.exchange, 0);
    const clients = createServiceClients(
      { concert: config.CONCERT_GRPC_ADDR, wallet: config.WALLET_GRPC_ADDR, queue: config.QUEUE_GRPC_ADDR },
      config.GRPC_TIMEOUT_MS,
    );
    stops.push(() => clients.close());

    const watcher = new SagaWatcher();
    const orchestrator = new SagaOrchestrator(
      sagaMetrics(registry).observing(sagas),
      { publish: (event) => relay.publish([outboxSource.entryOf(event)]) },
      clients.queue,
      watcher,
      // Bounded: the oldest dropped first; a saga is dropped once it has closed.
      new StreamHeads<SagaEvent>(10_000),
      logger,
      clock,
      config.STEP_TIMEOUT_MS,
    );
    const startPayment = new StartPayment(sagas, keys, clients.concert, clients.wallet, orchestrator, watcher, clock, config.STEP_TIMEOUT_MS);
    const queries = new PaymentQueries(sagas);

    relay.start();
    stops.push(() => relay.stop());
    const sweeper = new DeadlineSweeper(sagas, orchestrator, logger, clock, config.SWEEP_INTERVAL_MS, {
      batchSize: config.SWEEP_BATCH_SIZE,
      concurrency: config.SWEEP_CONCURRENCY,
      handleTimeoutMs: config.SWEEP_HANDLE_TIMEOUT_MS,
    });
    sweeper.start();
    stops.push(() => sweeper.stop());
    await broker.consume(names.paymentReplies, amqpConsumerMetrics(registry).observe(names.paymentReplies, sagaRepliesHandler(orchestrator)), { prefetch: config.AMQP_PREFETCH });
    parkedDepthGauge(registry, () => broker.parkedCounts(), [parkingQueueOf(names.paymentReplies)]);

    const service = loadPaymentProto().payment.v1.PaymentService;
    const server = await startGrpcServer(`0.0.0.0:${config.GRPC_PORT}`, [
      {
        definition: service.service,
        implementation: adaptHandlers<PaymentServiceHandlers>(paymentHandlers({ startPayment, queries }), logger),
        name: 'payment.v1.PaymentService',
      },
    ], undefined, grpcServerMetrics(registry));
    // The server goes first on stop: no new payments while the saga machinery winds down.
    stops.push(() => server.stop());
    const metrics = await serveMetrics(registry, config.METRICS_PORT);
    stops.push(() => metrics?.close());
    logger.info({ grpcPort: server.port, metricsPort: metrics?.port, namespace: config.AMQP_NAMESPACE }, 'payment service listening');

    let stopping: Promise<void> | undefined;
    return { grpcPort: server.port, metricsPort: metrics?.port ?? null, stop: () => (stopping ??= stop().then(() => logger.info('payment service stopped'))) };
  } catch (error) {
    await stop();
    throw error;
  }
}

if (require.main === module) {
  runService('payment', loadConfigOrExit(configSchema, process.env), start);
}
