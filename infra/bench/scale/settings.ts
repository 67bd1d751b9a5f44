/**
 * One round's settings, in the shape the rush bench's System and fresh-data helpers take, but in the
 * scale bench's own namespaces (databases scale_<round>_*, Redis scale-q* / scale-rl*, AMQP scale.*)
 * and on its own ports, so a rush bench or the demo running meanwhile is never touched.
 */
import { readSettings as readRushSettings, type Settings } from '../rush/settings';

const int = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer (got "${raw}")`);
  return value;
};

export interface Round {
  name: 'A' | 'B';
  users: number;
  /** Past completed payment sagas seeded into the payment database (3 records each + an idempotency key). */
  pastSagas: number;
}

export function scaleOptions() {
  return {
    rounds: [
      { name: 'A', users: int('USERS_A', 1_000), pastSagas: int('PAST_SAGAS_A', 1_000) },
      { name: 'B', users: int('USERS_B', 100_000), pastSagas: int('PAST_SAGAS_B', 100_000) },
    ] as Round[],
    /** Users per sample set; 4 disjoint sets per round (cold/warm × 2 repetitions). */
    sample: int('SAMPLE', 250),
    /** Of each join set, this many hold a seat and pay (one concert of 150 seats per set). */
    buyers: int('BUYERS', 150),
    concurrency: int('CONCURRENCY', 20),
    repetitions: int('REPETITIONS', 2),
    /** Keep round B's ledger when its seed marker matches (development only: earlier runs' writes stay in it). */
    reuseLedger: process.env.SCALE_REUSE_LEDGER === '1',
  };
}
export type ScaleOptions = ReturnType<typeof scaleOptions>;

export function roundSettings(round: Round): Settings {
  const base = readRushSettings();
  const gatewayPort = int('SCALE_GATEWAY_PORT', 18180);
  const grpcPortBase = int('SCALE_GRPC_PORT_BASE', 15161);
  const db = (service: string) => `scale_${round.name.toLowerCase()}_${service}`;
  return {
    ...base,
    fans: round.users,
    maxActive: int('MAX_ACTIVE', 1_000),
    gatewayPort,
    gatewayOrigin: `http://127.0.0.1:${gatewayPort}`,
    grpcPorts: { queue: grpcPortBase, concert: grpcPortBase + 1, wallet: grpcPortBase + 2, payment: grpcPortBase + 3 },
    databases: { queue: db('queue'), concert: db('concert'), wallet: db('wallet'), payment: db('payment'), scratch: 'scale_scratch' },
    queueKeyPrefix: 'scale-q',
    rateLimitKeyPrefix: 'scale-rl',
    amqpNamespace: 'scale',
  };
}
