/**
 * The faults of issue 9 point 6, each once a random share of the seats is sold (so they meet payments
 * under way whatever this machine's speed), overlapping when those shares are close: each service
 * killed with SIGKILL once and started again, the broker's application stopped and started, FerretDB
 * crashed and started, Redis restarted, the payment database silenced then cut off. Part way through
 * the sales the second instance of every service is retired, so some kills meet a second instance
 * that keeps serving and some take the service down until it is back. The whole schedule is drawn
 * from the seed before anything runs.
 */
import { SAGA_MESSAGES } from '../../packages/amqp-kit/src/saga-contract';
import { SERVICES, type ServiceName } from '../bench/rush/system';
import type { Fleet, Slot } from './fleet';
import type { Random } from './random';
import type { SuiteFerretDb, SuiteRabbit, SuiteRedis } from './servers';
import type { TcpProxy } from './tcp-proxy';

export type FaultKind = `kill-9 ${ServiceName}` | 'broker restart' | 'ferretdb restart' | 'redis restart' | 'payment db away';
export const FAULT_KINDS: readonly FaultKind[] = [
  ...SERVICES.map((name) => `kill-9 ${name}` as const),
  'broker restart',
  'ferretdb restart',
  'redis restart',
  'payment db away',
];

export interface FaultTargets {
  fleet: Fleet;
  rabbit: SuiteRabbit;
  ferretdb: SuiteFerretDb;
  redis: SuiteRedis;
  paymentDb: TcpProxy;
}

export interface FaultPlan {
  /**
   * Each fault starts once fans have bought a random share of the seats (so faults meet payments under
   * way however fast this machine sells them), at the latest firstAfterMs + windowMs into the rush.
   */
  seats: number;
  firstAfterMs: number;
  windowMs: number;
  /** How long the payment database stays silent (a black hole), then cut off (connections refused). */
  dbSilentMs: number;
  dbAwayMs: number;
  /** Kinds left out (FAULTS_SKIP): printed as SKIPPED, never silently. */
  skip: ReadonlySet<FaultKind>;
}

export interface FaultProbes {
  /** Purchases fans have seen so far. */
  purchases: () => number;
  /** Sagas open and messages parked right now, for the record. */
  state: () => Promise<string>;
}

export interface FaultRecord {
  kind: FaultKind | 'retire second instances';
  atS: number;
  detail: string;
  error?: string;
}

interface Scheduled {
  kind: FaultKind | 'retire second instances';
  /** Starts once this many seats are bought, or at latestMs, whichever comes first. */
  afterPurchases: number;
  latestMs: number;
  /** Drawn up front so the seed alone fixes them, whatever the timing. */
  draw: number;
  downMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function drawSchedule(plan: FaultPlan, random: Random): Scheduled[] {
  const kinds = FAULT_KINDS.filter((k) => !plan.skip.has(k));
  const latestMs = plan.firstAfterMs + plan.windowMs;
  // Between 3 % and 80 % of the seats sold; the database cut in the first half, while debits are
  // surely still under way (it means nothing once the seats are all sold).
  const share = (kind: FaultKind) => random.between(0.03, kind === 'payment db away' ? 0.4 : 0.8);
  const faults: Scheduled[] = kinds.map((kind) => ({
    kind,
    afterPurchases: Math.ceil(share(kind) * plan.seats),
    latestMs,
    draw: random.next(),
    downMs: random.between(1_000, 4_000),
  }));
  // Retired between 30 % and 60 % of the seats sold: kills come both before and after it (most seeds).
  const retire: Scheduled = { kind: 'retire second instances', afterPurchases: Math.ceil(random.between(0.3, 0.6) * plan.seats), latestMs, draw: 0, downMs: 0 };
  return [...faults, retire].sort((a, b) => a.afterPurchases - b.afterPurchases);
}

export async function injectFaults(
  t: FaultTargets,
  plan: FaultPlan,
  random: Random,
  sinceStartS: () => number,
  log: (line: string) => void,
  probes: FaultProbes,
): Promise<FaultRecord[]> {
  const schedule = drawSchedule(plan, random);
  const started = Date.now();
  let twoInstances = true;
  // A kill and its restart, and the retirement, of one service never interleave.
  const turns = new Map<ServiceName, Promise<unknown>>();
  const inTurn = <T>(name: ServiceName, work: () => Promise<T>): Promise<T> => {
    const result = (turns.get(name) ?? Promise.resolve()).then(work);
    turns.set(name, result.catch(() => undefined));
    return result;
  };
  const records: FaultRecord[] = [];
  const note = (record: FaultRecord) => {
    records.push(record);
    log(`fault t=${record.atS.toFixed(1)}s ${record.kind}: ${record.detail}${record.error ? ` — ERROR ${record.error}` : ''}`);
  };

  const run = async (f: Scheduled): Promise<void> => {
    await sleep(plan.firstAfterMs);
    while (probes.purchases() < f.afterPurchases && Date.now() - started < f.latestMs) await sleep(100);
    if (f.kind === 'retire second instances') {
      const atS = sinceStartS();
      twoInstances = false;
      await Promise.all(SERVICES.map((name) => inTurn(name, () => t.fleet.retire(name, 1))));
      return note({ kind: f.kind, atS, detail: 'SIGTERM to the second instance of every service; one of each from here on' });
    }
    const before = await probes.state();
    const atS = sinceStartS();
    try {
      const detail = await inject(f, t, plan, () => twoInstances, inTurn);
      note({ kind: f.kind, atS, detail: `${detail} [before: ${before}; after: ${await probes.state()}]` });
    } catch (error) {
      note({ kind: f.kind, atS, detail: `failed to inject or recover [before: ${before}]`, error: (error as Error).message });
    }
  };
  await Promise.all(schedule.map(run));
  if (twoInstances) await Promise.all(SERVICES.map((name) => inTurn(name, () => t.fleet.retire(name, 1))));
  return records.sort((a, b) => a.atS - b.atS);
}

async function inject(
  f: Scheduled,
  t: FaultTargets,
  plan: FaultPlan,
  twoInstances: () => boolean,
  inTurn: <T>(name: ServiceName, work: () => Promise<T>) => Promise<T>,
): Promise<string> {
  const began = Date.now();
  const took = () => `${((Date.now() - began) / 1000).toFixed(1)} s`;
  const down = `${(f.downMs / 1000).toFixed(1)} s`;
  if (f.kind.startsWith('kill-9 ')) {
    const name = f.kind.slice('kill-9 '.length) as ServiceName;
    return inTurn(name, async () => {
      const pair = twoInstances();
      const slot: Slot = pair && f.draw < 0.5 ? 1 : 0;
      await t.fleet.kill9(name, slot);
      await sleep(f.downMs);
      // Slot 1 retired meanwhile: it stays down (the retirement is what the run does from then on).
      if (slot === 1 && !twoInstances()) return `${name}-1 killed; retired before its restart (${took()})`;
      await t.fleet.start(name, slot);
      return `${name}-${slot} killed, started again after ${down}, serving after ${took()} (${pair ? 'the other instance kept serving' : 'it was the only instance'})`;
    });
  }
  switch (f.kind) {
    case 'broker restart':
      await t.rabbit.restartApp(f.downMs + 1_000);
      return `rabbitmqctl stop_app, start_app ${((f.downMs + 1_000) / 1000).toFixed(1)} s later; accepting connections after ${took()}`;
    case 'ferretdb restart':
      await t.ferretdb.restart('SIGKILL');
      return `FerretDB killed (SIGKILL) and started again; listening after ${took()}`;
    case 'redis restart':
      await t.redis.restart('SIGTERM');
      return `Redis stopped (SIGTERM; append-only file kept) and started again; answering after ${took()}`;
    case 'payment db away': {
      // Right after a saga stored its debit step and the database confirmed the debit command as
      // published (the proxy sees both requests go by): the wallet's answer to that debit then comes
      // back while the database is away, and nothing in the payment's outbox will send it again.
      const seen = await t.paymentDb.whenSeen([commandOf('insert', 'saga_events'), Buffer.from(SAGA_MESSAGES.debitWallet)], [commandOf('update', 'saga_events'), Buffer.from('publishedAt')], 10_000);
      // First silent (calls hang until their own deadline, if they have one), then refused.
      t.paymentDb.silence();
      await sleep(plan.dbSilentMs);
      t.paymentDb.cutOff();
      await sleep(plan.dbAwayMs);
      t.paymentDb.restore();
      const when = {
        both: 'just after a saga stored its debit command and marked it published',
        first: 'just after a saga stored its debit command (no mark seen within 1 s)',
        none: 'no debit command stored within 10 s; cut anyway',
      }[seen];
      return `the payment instances' database went silent for ${(plan.dbSilentMs / 1000).toFixed(0)} s (nothing forwarded), then every connection was reset and new ones refused for ${(plan.dbAwayMs / 1000).toFixed(0)} s; ${when}`;
    }
  }
  throw new Error(`unknown fault ${f.kind}`);
}

/** The first element of an OP_MSG command (`insert`, `update`) on the collection, as BSON puts it on the wire. */
function commandOf(command: string, collection: string): Buffer {
  const name = Buffer.from(`${collection}\0`);
  const length = Buffer.alloc(4);
  length.writeInt32LE(name.length);
  return Buffer.concat([Buffer.from([0x02]), Buffer.from(`${command}\0`), length, name]);
}
