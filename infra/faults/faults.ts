/**
 * The faults of issue 9 point 6, one after another in a seeded random order with random pauses, while
 * the rush runs: each service killed with SIGKILL once and started again, the broker's application
 * stopped and started, FerretDB crashed and started, Redis restarted, the payment database cut off.
 * Part way through, the second instance of every service is retired, so some kills meet a
 * second instance that keeps serving and some take the service down until it is back.
 */
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
  /** Pause before the first fault (the rush is under way by then). */
  firstAfterMs: number;
  gapMs: [number, number];
  /** How long the payment database stays cut off. */
  dbAwayMs: number;
  /** Kinds left out (FAULTS_SKIP): printed as SKIPPED, never silently. */
  skip: ReadonlySet<FaultKind>;
}

export interface FaultRecord {
  kind: FaultKind | 'retire second instances';
  atS: number;
  detail: string;
  error?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function injectFaults(
  t: FaultTargets,
  plan: FaultPlan,
  random: Random,
  sinceStartS: () => number,
  log: (line: string) => void,
  cancelled: () => boolean,
): Promise<FaultRecord[]> {
  const kinds = random.shuffle(FAULT_KINDS.filter((k) => !plan.skip.has(k)));
  // The second instances go after 3 to 6 faults: both "a second instance serves on" and "the only one is gone" happen.
  const retireAfter = random.int(Math.min(3, kinds.length), Math.min(6, kinds.length));
  let twoInstances = true;
  const records: FaultRecord[] = [];
  const note = (record: FaultRecord) => {
    records.push(record);
    log(`fault t=${record.atS.toFixed(1)}s ${record.kind}: ${record.detail}${record.error ? ` — ERROR ${record.error}` : ''}`);
  };

  await sleep(plan.firstAfterMs);
  for (const [index, kind] of kinds.entries()) {
    if (cancelled()) break;
    if (index === retireAfter && twoInstances) {
      const atS = sinceStartS();
      await Promise.all(SERVICES.map((name) => t.fleet.retire(name, 1)));
      twoInstances = false;
      note({ kind: 'retire second instances', atS, detail: 'SIGTERM to the second instance of every service; one of each from here on' });
      await sleep(random.between(...plan.gapMs));
    }
    const atS = sinceStartS();
    try {
      note({ kind, atS, detail: await inject(kind, t, plan, random, twoInstances) });
    } catch (error) {
      note({ kind, atS, detail: 'failed to inject or recover', error: (error as Error).message });
    }
    await sleep(random.between(...plan.gapMs));
  }
  if (twoInstances) {
    await Promise.all(SERVICES.map((name) => t.fleet.retire(name, 1)));
    note({ kind: 'retire second instances', atS: sinceStartS(), detail: 'SIGTERM to the second instance of every service' });
  }
  return records;
}

async function inject(kind: FaultKind, t: FaultTargets, plan: FaultPlan, random: Random, twoInstances: boolean): Promise<string> {
  const began = Date.now();
  const took = () => `${((Date.now() - began) / 1000).toFixed(1)} s`;
  if (kind.startsWith('kill-9 ')) {
    const name = kind.slice('kill-9 '.length) as ServiceName;
    const slot: Slot = twoInstances && random.next() < 0.5 ? 1 : 0;
    const downMs = random.between(1_000, 4_000);
    await t.fleet.kill9(name, slot);
    await sleep(downMs);
    await t.fleet.start(name, slot);
    const others = twoInstances ? 'the other instance kept serving' : 'it was the only instance';
    return `${name}-${slot} killed, started again after ${(downMs / 1000).toFixed(1)} s, serving after ${took()} (${others})`;
  }
  switch (kind) {
    case 'broker restart': {
      const downMs = random.between(2_000, 5_000);
      await t.rabbit.restartApp(downMs);
      return `rabbitmqctl stop_app, start_app ${(downMs / 1000).toFixed(1)} s later; accepting connections after ${took()}`;
    }
    case 'ferretdb restart':
      await t.ferretdb.restart('SIGKILL');
      return `FerretDB killed (SIGKILL) and started again; listening after ${took()}`;
    case 'redis restart':
      await t.redis.restart('SIGTERM');
      return `Redis stopped (SIGTERM; append-only file kept) and started again; answering after ${took()}`;
    case 'payment db away':
      t.paymentDb.cutOff();
      await sleep(plan.dbAwayMs);
      t.paymentDb.restore();
      return `every connection of the payment instances to their database reset and refused for ${(plan.dbAwayMs / 1000).toFixed(1)} s`;
  }
  throw new Error(`unknown fault ${kind}`);
}
