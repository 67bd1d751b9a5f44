import { z } from 'zod';
import { env, loadConfig } from '@concert/config';

/** The concert service's whole configuration; this module is the only reader of process.env. */
export const configSchema = z.object({
  NODE_ENV: env.nodeEnv,
  GRPC_PORT: env.port(50052),
  MONGO_URL: env.url('mongodb://127.0.0.1:27017/concert'),
  /** The saga's broker: seat commands are consumed there and their outcomes published. */
  AMQP_URL: env.url('amqp://guest:guest@127.0.0.1:5672'),
  /** Prefix of the saga's exchanges and queues, the same for every service of one system (unset: concert). */
  AMQP_NAMESPACE: z.string().regex(/^[\w.-]+$/).optional(),
  /** How long a seat stays HELD for its fan (contract default: 5 min). */
  HOLD_TTL_MS: env.durationMs(5 * 60_000),
  LOG_LEVEL: env.logLevel,
});

export type ConcertConfig = z.output<typeof configSchema>;

export const readConfig = (source: NodeJS.ProcessEnv): ConcertConfig => loadConfig(configSchema, source);
