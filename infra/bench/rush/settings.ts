/** The bench's whole configuration, from the environment (every knob has a default). */

type Source = NodeJS.ProcessEnv;

const int = (env: Source, name: string, fallback: number, min = 0): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer ≥ ${min} (got "${raw}")`);
  return value;
};

export const SEATS_PER_DATE = 50;

/** `env` defaults to the process's; the fault suite passes its own overrides on top of it. */
export function readSettings(env: Source = process.env) {
  const seats = int(env, 'SEATS', 150, SEATS_PER_DATE);
  if (seats % SEATS_PER_DATE !== 0) throw new Error(`SEATS must be a multiple of ${SEATS_PER_DATE} (one concert date per ${SEATS_PER_DATE} seats)`);
  const dates = seats / SEATS_PER_DATE;
  const gatewayPort = int(env, 'GATEWAY_PORT', 18080, 1);
  const grpcPortBase = int(env, 'GRPC_PORT_BASE', 15051, 1);
  return {
    fans: int(env, 'FANS', 10_000, 1),
    seats,
    dates,
    /** 150 seats is NEWJEANS-2026 of the demo catalog; other seat counts get a concert of their own. */
    concertCode: seats === 150 ? 'NEWJEANS-2026' : `RUSH-${dates}D`,
    maxActive: int(env, 'MAX_ACTIVE', 100, 1),
    /** Gateway processes sharing its port, as a deployment runs gateway replicas behind one address. */
    gatewayWorkers: int(env, 'GATEWAY_WORKERS', 2, 1),
    poorPercent: int(env, 'POOR_PERCENT', 5),
    setupConcurrency: int(env, 'SETUP_CONCURRENCY', 50, 1),
    /** An ACTIVE fan who finds no free seat looks again this many times, a second apart, then leaves. */
    noSeatLooks: int(env, 'NO_SEAT_LOOKS', 5, 1),
    rushTimeoutMs: int(env, 'RUSH_TIMEOUT_S', 600, 1) * 1000,
    /** Fans join at random moments within this window (a ticket opening: one second). */
    arrivalWindowMs: int(env, 'ARRIVAL_S', 1, 1) * 1000,
    requestTimeoutMs: int(env, 'REQUEST_TIMEOUT_S', 30, 1) * 1000,
    /** Each fan connects from its own loopback address (127.x.y.z), as real fans come from many. */
    spreadAddresses: (env.CLIENT_ADDRESSES ?? 'spread') !== 'single',
    bareInsertMs: int(env, 'BARE_INSERT_S', 5, 1) * 1000,
    bareInsertWriters: int(env, 'BARE_INSERT_WRITERS', 10, 1),
    gatewayPort,
    gatewayOrigin: `http://127.0.0.1:${gatewayPort}`,
    grpcPorts: { queue: grpcPortBase, concert: grpcPortBase + 1, wallet: grpcPortBase + 2, payment: grpcPortBase + 3 },
    mongoBase: (env.RUSH_MONGO_BASE ?? 'mongodb://127.0.0.1:27017').replace(/\/+$/, ''),
    redisUrl: env.RUSH_REDIS_URL ?? 'redis://127.0.0.1:6379',
    amqpUrl: env.RUSH_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
    /** The RabbitMQ node `rabbitmqctl` lists the run's queues on (unset: the machine's default node). */
    rabbitmqNode: env.RUSH_RABBITMQ_NODE || null,
    metricsUrl: env.FERRETDB_METRICS_URL ?? 'http://127.0.0.1:28088/debug/metrics',
    /** Every namespace of the run: databases rush_*, Redis keys rush-q* / rush-rl*, AMQP rush.* */
    databases: { queue: 'rush_queue', concert: 'rush_concert', wallet: 'rush_wallet', payment: 'rush_payment', scratch: 'rush_scratch' },
    queueKeyPrefix: 'rush-q',
    rateLimitKeyPrefix: 'rush-rl',
    amqpNamespace: 'rush',
  };
}

export type Settings = ReturnType<typeof readSettings>;

export const mongoUrl = (s: Settings, database: string): string => `${s.mongoBase}/${database}`;
