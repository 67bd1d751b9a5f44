import { z } from 'zod';
import { checkGrpcSecurity, env, grpcSecurityFields, loadConfig } from '@concert/config';

/** The wallet service's whole configuration; this module is the only reader of process.env. */
export const configSchema = z.object({
  NODE_ENV: env.nodeEnv,
  ...grpcSecurityFields,
  GRPC_PORT: env.port(50053),
  /** Port of GET /metrics (Prometheus); unset: no metrics endpoint, 0: any free port (tests). */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  MONGO_URL: env.url('mongodb://127.0.0.1:27017/wallet'),
  /** The saga's broker: debit and refund commands are consumed there and their answers published. */
  AMQP_URL: env.url('amqp://guest:guest@127.0.0.1:5672'),
  /** Prefix of the saga's exchanges and queues, the same for every service of one system (unset: concert). */
  AMQP_NAMESPACE: z.string().regex(/^[\w.-]+$/).optional(),
  LOG_LEVEL: env.logLevel,
  // Memory bounds (unset: DEFAULT_MEMORY in application/wallet.use-cases.ts, which says why each is safe).
  /** Users kept in memory as known to exist (never deleted, so never stale); ~100 bytes each. */
  KNOWN_USERS_CAPACITY: z.coerce.number().int().positive().optional(),
  /** Stream heads kept in memory, so writes insert after them without a read. */
  LEDGER_HEADS_CAPACITY: z.coerce.number().int().positive().optional(),
  /** GetBalance answers from a head this process wrote or read at most this long ago. */
  BALANCE_FRESH_MS: z.coerce.number().int().nonnegative().optional(),
  /** Commands of one user waiting for their turn here; more are refused SERVICE_BUSY (unset: DEFAULT_USER_TURNS). */
  USER_QUEUE_MAX: z.coerce.number().int().positive().optional(),
}).superRefine(checkGrpcSecurity);

export type WalletConfig = z.output<typeof configSchema>;

export const readConfig = (source: NodeJS.ProcessEnv): WalletConfig => loadConfig(configSchema, source);
