import { z } from 'zod';
import { checkGrpcSecurity, env, grpcSecurityFields, loadConfig } from '@concert/config';

/** The payment service's whole configuration; this module is the only reader of process.env. */
export const configSchema = z.object({
  NODE_ENV: env.nodeEnv,
  ...grpcSecurityFields,
  GRPC_PORT: env.port(50054),
  /** Port of GET /metrics (Prometheus); unset: no metrics endpoint, 0: any free port (tests). */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  MONGO_URL: env.url('mongodb://127.0.0.1:27017/payment'),
  AMQP_URL: env.url('amqp://guest:guest@127.0.0.1:5672'),
  /** Prefix of every exchange and queue of the saga; the same for every service of one system. */
  AMQP_NAMESPACE: z.string().regex(/^[\w.-]+$/).default('concert'),
  CONCERT_GRPC_ADDR: env.hostPort('127.0.0.1:50052'),
  WALLET_GRPC_ADDR: env.hostPort('127.0.0.1:50053'),
  QUEUE_GRPC_ADDR: env.hostPort('127.0.0.1:50051'),
  /** Deadline of each saga step; past it the sweeper sends the step again (the deadline backs off). */
  STEP_TIMEOUT_MS: env.durationMs(15_000),
  SWEEP_INTERVAL_MS: env.durationMs(1_000),
  /** Overdue sagas one sweep takes up at most (the most overdue first). */
  SWEEP_BATCH_SIZE: env.positiveInt(200),
  /** Overdue sagas handled at once. */
  SWEEP_CONCURRENCY: env.positiveInt(16),
  /** How long one saga's deadline handling may hold a sweeper slot. */
  SWEEP_HANDLE_TIMEOUT_MS: env.durationMs(5_000),
  /** Safety-net poll of the outbox; fresh commands are published at once. */
  RELAY_POLL_MS: env.durationMs(1_000),
  /** The poll leaves commands younger than this to the fast path (which publishes them on store). */
  RELAY_GRACE_MS: env.durationMs(2_000),
  GRPC_TIMEOUT_MS: env.durationMs(3_000),
  AMQP_PREFETCH: env.positiveInt(64),
  LOG_LEVEL: env.logLevel,
}).superRefine(checkGrpcSecurity);

export type PaymentConfig = z.output<typeof configSchema>;

export const readConfig = (source: NodeJS.ProcessEnv): PaymentConfig => loadConfig(configSchema, source);
