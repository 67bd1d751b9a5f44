import { z } from 'zod';
import { checkGrpcSecurity, env, grpcSecurityFields, loadConfig } from '@concert/config';

/** The concert service's whole configuration; this module is the only reader of process.env. */
export const configSchema = z.object({
  NODE_ENV: env.nodeEnv,
  ...grpcSecurityFields,
  GRPC_PORT: env.port(50052),
  /** Port of GET /metrics (Prometheus); unset: no metrics endpoint, 0: any free port (tests). */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  MONGO_URL: env.url('mongodb://127.0.0.1:27017/concert'),
  /** The saga's broker: seat commands are consumed there and their outcomes published. */
  AMQP_URL: env.url('amqp://guest:guest@127.0.0.1:5672'),
  /** Prefix of the saga's exchanges and queues, the same for every service of one system (unset: concert). */
  AMQP_NAMESPACE: z.string().regex(/^[\w.-]+$/).optional(),
  /** How long a seat stays HELD for its fan (contract default: 5 min). */
  HOLD_TTL_MS: env.durationMs(5 * 60_000),
  /** Holds of one seat waiting for their turn here; more are refused SERVICE_BUSY (unset: DEFAULT_SEAT_TURNS). */
  SEAT_QUEUE_MAX: z.coerce.number().int().positive().optional(),
  LOG_LEVEL: env.logLevel,
}).superRefine(checkGrpcSecurity);

export type ConcertConfig = z.output<typeof configSchema>;

export const readConfig = (source: NodeJS.ProcessEnv): ConcertConfig => loadConfig(configSchema, source);
