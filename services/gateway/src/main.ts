import { runInWorkers, runService } from '@concert/lifecycle';
import cluster from 'node:cluster';
import type { AddressInfo } from 'node:net';
import { grpcSecurityOf, loadConfigOrExit } from '@concert/config';
import { useGrpcSecurity } from '@concert/grpc-kit';
import { createLogger, type Logger } from '@concert/logger';
import { clusterMetricsSource, Counter, createMetricsRegistry, httpMetrics, reportToPrimary, serveMetrics, startMetricsServer } from '@concert/metrics';
import { configSchema, type GatewayConfig } from './config';
import { grpcHealthProbe } from './infrastructure/grpc-health.probe';
import { createConcertClient } from './infrastructure/concert.client';
import { createParkedMessages } from './infrastructure/parked-messages.amqp';
import { createPaymentClient } from './infrastructure/payment.client';
import { createQueueClient } from './infrastructure/queue.client';
import { RedisRateLimiter } from './infrastructure/rate-limiter.redis';
import { createWalletClient } from './infrastructure/wallet.client';
import { JoinAdmission } from './application/join-admission';
import { userKeyCheck } from './application/user-keys';
import { createApp } from './transport/http/app';
import { listen } from './transport/http/http-server';
import { adminRoutes } from './transport/http/routes/admin.routes';
import { concertRoutes } from './transport/http/routes/concert.routes';
import { paymentRoutes } from './transport/http/routes/payment.routes';
import { queueRoutes } from './transport/http/routes/queue.routes';
import { reservationRoutes } from './transport/http/routes/reservation.routes';
import { usersRoutes } from './transport/http/routes/users.routes';
import { createTokenBudget, createTokenGuard } from './transport/http/token.guard';

export interface GatewayHandle {
  port: number;
  /** Port of GET /metrics; null when METRICS_PORT is unset or a worker's primary serves it. */
  metricsPort: number | null;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Tests pass a logger that writes where they can read it. */
  logger?: Logger;
}

/** Composition root: wires the gRPC clients into the route modules and listens. */
export async function start(config: GatewayConfig, options: StartOptions = {}): Promise<GatewayHandle> {
  useGrpcSecurity(grpcSecurityOf(config));
  const logger = options.logger ?? createLogger('gateway', config.LOG_LEVEL);
  const timeoutMs = config.GRPC_TIMEOUT_MS;
  const registry = createMetricsRegistry('gateway');

  const wallet = createWalletClient(config.WALLET_GRPC_ADDR, timeoutMs);
  const queue = createQueueClient(config.QUEUE_GRPC_ADDR, timeoutMs);
  const concerts = createConcertClient(config.CONCERT_GRPC_ADDR, timeoutMs);
  const payments = createPaymentClient(config.PAYMENT_GRPC_ADDR, timeoutMs, config.PAYMENT_WAIT_MS);
  const letThrough = new Counter({
    name: 'gateway_rate_limit_let_through_total',
    help: 'Requests let through unchecked because the rate limiter could not reach Redis',
    registers: [registry],
  });
  const rateLimiter = await RedisRateLimiter.connect(config.REDIS_URL, config.RATE_LIMIT_KEY_PREFIX, logger, () => letThrough.inc());
  const parked = createParkedMessages(config.AMQP_URL, config.AMQP_NAMESPACE, logger, Math.min(timeoutMs, 2_000));
  const closers: { close(): void }[] = [wallet, queue, concerts, payments, rateLimiter, parked];
  const dependencies = [
    { name: 'wallet', address: config.WALLET_GRPC_ADDR },
    { name: 'queue', address: config.QUEUE_GRPC_ADDR },
    { name: 'concert', address: config.CONCERT_GRPC_ADDR },
    { name: 'payment', address: config.PAYMENT_GRPC_ADDR },
  ];
  const tokenBudget = createTokenBudget({ rateLimiter, limit: config.TOKEN_ROUTE_RATE_LIMIT_PER_TOKEN, windowMs: config.TOKEN_RATE_LIMIT_WINDOW_MS });
  const tokenGuard = createTokenGuard(queue, tokenBudget);
  const userKeys = userKeyCheck(wallet, config.USER_KEYS === 'on');
  const tokenRateLimits = {
    windowMs: config.TOKEN_RATE_LIMIT_WINDOW_MS,
    perUser: config.TOKEN_RATE_LIMIT_PER_USER,
    perAddress: config.TOKEN_RATE_LIMIT_PER_ADDRESS,
  };

  const app = createApp({
    logger,
    routes: [
      usersRoutes({
        wallet,
        userKeys,
        showUserKey: config.USER_KEYS === 'on',
        perAddress: { rateLimiter, limit: config.USER_CREATE_RATE_LIMIT_PER_ADDRESS, windowMs: config.TOKEN_RATE_LIMIT_WINDOW_MS },
      }),
      queueRoutes({ queue, concerts, users: userKeys, tokenGuard, tokenBudget, rateLimiter, limits: tokenRateLimits, admission: new JoinAdmission(config.JOIN_MAX_IN_FLIGHT) }),
      concertRoutes({ concerts, tokenGuard }),
      reservationRoutes({ concerts, tokenGuard }),
      paymentRoutes({ payments, tokenGuard }),
      adminRoutes({ payments, parked, adminToken: config.ADMIN_TOKEN }),
    ],
    readiness: dependencies.map((d) => grpcHealthProbe(d.name, d.address, Math.min(timeoutMs, 1_000))),
    trustProxy: config.TRUST_PROXY,
    metrics: httpMetrics(registry),
  });

  const http = await listen(app, config.PORT);
  const port = (http.server.address() as AddressInfo).port;
  // A worker of several (GATEWAY_WORKERS) reports to its primary, which serves the sum on METRICS_PORT.
  if (cluster.isWorker) reportToPrimary(registry);
  const metrics = cluster.isWorker ? null : await serveMetrics(registry, config.METRICS_PORT);
  logger.info({ port, metricsPort: metrics?.port }, 'gateway listening');

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await http.close(config.SHUTDOWN_GRACE_MS);
      for (const client of closers.reverse()) client.close();
      await metrics?.close();
      logger.info('gateway stopped');
    })();
    return stopping;
  };
  return { port, metricsPort: metrics?.port ?? null, stop };
}

if (require.main === module) {
  const config = loadConfigOrExit(configSchema, process.env);
  if (config.GATEWAY_WORKERS > 1 && cluster.isPrimary && config.METRICS_PORT !== undefined) {
    startMetricsServer(clusterMetricsSource(), config.METRICS_PORT).catch((error: unknown) => {
      createLogger('gateway').fatal({ err: error }, 'gateway metrics endpoint failed to start');
      process.exit(1);
    });
  }
  runInWorkers('gateway', config.GATEWAY_WORKERS, () => runService('gateway', config, start));
}
