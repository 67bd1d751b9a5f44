import { z } from 'zod';
import { checkGrpcSecurity, env, grpcSecurityFields, loadConfig, productionSecretProblem } from '@concert/config';

/** The gateway's whole configuration; this module is the only reader of process.env. */
export const configSchema = z.object({
  NODE_ENV: env.nodeEnv,
  ...grpcSecurityFields,
  PORT: env.port(8080),
  /** Port of GET /metrics (Prometheus); unset: no metrics endpoint, 0: any free port (tests). */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  WALLET_GRPC_ADDR: env.hostPort('127.0.0.1:50053'),
  QUEUE_GRPC_ADDR: env.hostPort('127.0.0.1:50051'),
  CONCERT_GRPC_ADDR: env.hostPort('127.0.0.1:50052'),
  PAYMENT_GRPC_ADDR: env.hostPort('127.0.0.1:50054'),
  REDIS_URL: env.url('redis://127.0.0.1:6379'),
  GRPC_TIMEOUT_MS: env.durationMs(3_000),
  /** How long POST /payments waits for the saga's end before answering 202 PENDING. */
  PAYMENT_WAIT_MS: env.durationMs(5_000),
  /**
   * Only for GET /admin/parked (a read-only look at the saga's parking queues); unset: that route
   * answers 503. The gateway takes no part in the saga.
   */
  AMQP_URL: z.string().url().optional(),
  AMQP_NAMESPACE: z.string().regex(/^[\w.-]{1,60}$/).default('concert'),
  /**
   * `on`: joining a queue and reading or charging a balance need the user's key (X-User-Key), which
   * POST /users answers once. `off`: the seed's keyless API, for demos only — anyone who knows a UUID
   * acts for that user, so production refuses it.
   */
  USER_KEYS: z.enum(['on', 'off']).default('on'),
  /** Guards the operator routes; unset means they answer 401 to everyone. */
  ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  LOG_LEVEL: env.logLevel,
  /** Namespace of the rate-limit counters in Redis (tests use their own). */
  RATE_LIMIT_KEY_PREFIX: z.string().regex(/^[\w.-]{1,40}$/).default('rl'),
  /** Token issuance (route 1-1) per user and per client address, counted in Redis across replicas. */
  TOKEN_RATE_LIMIT_WINDOW_MS: env.durationMs(60_000),
  TOKEN_RATE_LIMIT_PER_USER: env.positiveInt(30),
  // Generous: a venue's Wi-Fi or a carrier NAT puts thousands of fans behind one address.
  TOKEN_RATE_LIMIT_PER_ADDRESS: env.positiveInt(6_000),
  /** Requests per token across every token route (a polite fan polls about once a second). */
  TOKEN_ROUTE_RATE_LIMIT_PER_TOKEN: env.positiveInt(300),
  /** User creation (route 0) per client address, in the same window. */
  USER_CREATE_RATE_LIMIT_PER_ADDRESS: env.positiveInt(600),
  /**
   * Express's `trust proxy`: which hops may set X-Forwarded-For, so that per-address limits see the
   * fan's address behind a load balancer. `false` (default: the peer is the client), a hop count, or
   * comma-separated addresses/CIDRs/`loopback`/`uniquelocal`. `true` (trust anyone) is refused: any
   * client could then choose its own address.
   */
  TRUST_PROXY: z
    .string()
    .default('false')
    .refine((v) => v !== 'true', 'must not be true (name the proxies, or give a hop count)')
    .transform((v): boolean | number | string => (v === 'false' || v === '' ? false : /^\d+$/.test(v) ? Number(v) : v)),
  /**
   * Joins this gateway works on at once; more are answered 429 with Retry-After. About what it completes
   * in half a second: a queued join then waits well under its deadline instead of timing out.
   */
  JOIN_MAX_IN_FLIGHT: env.positiveInt(150),
  /**
   * Processes serving the port (the gateway keeps no state of its own: rate limits are in Redis). 1 in
   * containers, where replicas scale it; more uses more cores of one machine during a join burst.
   */
  GATEWAY_WORKERS: env.positiveInt(1),
  /** How long SIGTERM waits for in-flight requests before closing their sockets. */
  SHUTDOWN_GRACE_MS: env.durationMs(10_000),
}).superRefine((c, ctx) => {
  checkGrpcSecurity(c, ctx);
  if (c.NODE_ENV === 'production' && c.USER_KEYS === 'off') {
    ctx.addIssue({ code: 'custom', path: ['USER_KEYS'], message: 'must be on in production (off lets anyone who knows a UUID act for that user)' });
  }
  const problem = c.NODE_ENV === 'production' && c.ADMIN_TOKEN !== undefined ? productionSecretProblem(c.ADMIN_TOKEN) : null;
  if (problem) ctx.addIssue({ code: 'custom', path: ['ADMIN_TOKEN'], message: problem });
});

export type GatewayConfig = z.output<typeof configSchema>;

export const readConfig = (source: NodeJS.ProcessEnv): GatewayConfig => loadConfig(configSchema, source);
