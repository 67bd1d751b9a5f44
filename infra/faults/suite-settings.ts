/**
 * The fault suite's knobs (FAULTS_*), and the rush settings it hands to the rush benchmark's modules:
 * the bench's journey and namespaces, pointed at the suite's own servers and ports.
 */
import { readSettings } from '../bench/rush/settings';
import { FAULT_KINDS, type FaultKind } from './faults';

const int = (name: string, fallback: number, min = 0): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer ≥ ${min} (got "${raw}")`);
  return value;
};

export function readSuiteSettings() {
  const skip = (process.env.FAULTS_SKIP ?? '').split(',').map((k) => k.trim()).filter(Boolean);
  for (const kind of skip) if (!FAULT_KINDS.includes(kind as FaultKind)) throw new Error(`FAULTS_SKIP: unknown fault "${kind}" (known: ${FAULT_KINDS.join(', ')})`);
  const portBase = int('FAULTS_PORT_BASE', 21000, 1024);
  return {
    seed: int('FAULTS_SEED', Math.floor(Math.random() * 1_000_000)),
    fans: int('FAULTS_FANS', 500, 1),
    /** Fans join over this many seconds, so payments run while the faults come. */
    arrivalS: int('FAULTS_ARRIVAL_S', 20, 1),
    /** Few fans shop at once, so purchases go on for about as long as the faults do. */
    maxActive: int('FAULTS_MAX_ACTIVE', 10, 1),
    /**
     * An ACTIVE token whose fan gave up without leaving (its DELETE failed during a fault) holds one of
     * those few places this long (default 10 min); short, so such places come back within the run.
     */
    activeTtlS: int('FAULTS_ACTIVE_TTL_S', 40, 1),
    /**
     * Holds left by fans who gave up (a fan gives up after a few failed requests) free their seats this
     * soon, so the concert still sells out and waiting fans are told SOLD_OUT instead of the rush running
     * into its timeout; it also makes some holds expire while their payment is under way.
     */
    holdTtlS: int('FAULTS_HOLD_TTL_S', 30, 1),
    /** Fans still on their journey this long after the rush began stop (their sagas run on). */
    rushTimeoutS: int('FAULTS_RUSH_TIMEOUT_S', 150, 1),
    firstFaultAfterS: int('FAULTS_FIRST_AFTER_S', 3),
    /** Each fault waits for a random share of the seats to be sold, but starts by this many seconds after the first. */
    windowS: int('FAULTS_WINDOW_S', 70, 1),
    /**
     * Longer than a reply's retries last today: 5 attempts 1 s apart, but each attempt after the first
     * waits out the driver's 5 s server selection while the database is away, so a reply is parked
     * about 25 s after it first failed (measured), more on a busy machine.
     */
    dbAwayS: int('FAULTS_DB_AWAY_S', 35, 1),
    /**
     * Before that, the database goes silent (nothing forwarded, new connections never answered): only
     * a store call's own deadline ends it (issue 9 point 5); today's calls have none and just wait.
     */
    dbSilentS: int('FAULTS_DB_SILENT_S', 5),
    quietTimeoutS: int('FAULTS_QUIET_TIMEOUT_S', 90, 1),
    skip: new Set(skip as FaultKind[]),
    ports: {
      gateway: portBase + 80,
      grpcBase: portBase + 51,
      redis: portBase + 379,
      amqp: portBase + 672,
      amqpDist: portBase + 673,
      ferretdb: portBase + 17,
      ferretdbDebug: portBase + 88,
      paymentDb: portBase + 18,
    },
  };
}

export type SuiteSettings = ReturnType<typeof readSuiteSettings>;

/** The rush bench's settings for the suite's system (its databases, prefixes and namespace are its own servers' only). */
export function rushSettingsFor(suite: SuiteSettings, urls: { mongo: string; redis: string; amqp: string; rabbitmqNode: string }) {
  return readSettings({
    ...process.env,
    FANS: String(suite.fans),
    SEATS: '150',
    MAX_ACTIVE: String(suite.maxActive),
    ARRIVAL_S: String(suite.arrivalS),
    RUSH_TIMEOUT_S: String(suite.rushTimeoutS),
    REQUEST_TIMEOUT_S: '15',
    GATEWAY_PORT: String(suite.ports.gateway),
    GRPC_PORT_BASE: String(suite.ports.grpcBase),
    RUSH_MONGO_BASE: urls.mongo,
    RUSH_REDIS_URL: urls.redis,
    RUSH_AMQP_URL: urls.amqp,
    RUSH_RABBITMQ_NODE: urls.rabbitmqNode,
    FERRETDB_METRICS_URL: `http://127.0.0.1:${suite.ports.ferretdbDebug}/debug/metrics`,
  });
}
