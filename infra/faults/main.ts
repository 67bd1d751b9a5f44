/**
 * `pnpm test:faults` (issue 9 point 6): the rush benchmark's fans buy seats while the suite kills and
 * restarts every service, the broker, FerretDB and Redis, and cuts the payment database off; once the
 * system is quiet it checks that nothing was lost or done twice. See README.md next to this file.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dropRushData, seedConcert } from '../bench/rush/fresh-data';
import { runRush } from '../bench/rush/rush';
import { createFans, setupHttp } from '../bench/rush/setup';
import { Recorder } from '../bench/rush/stats';
import { SERVICES } from '../bench/rush/system';
import { FAULT_KINDS, injectFaults, type FaultRecord } from './faults';
import { Fleet, SLOTS } from './fleet';
import { checkInvariants, namespaceDepths, readSagas, serverErrorsOf, statusTotals, waitForQuiet, type Check } from './invariants';
import { Random } from './random';
import { portAnswers, SuiteFerretDb, SuiteRabbit, SuiteRedis } from './servers';
import { readSuiteSettings, rushSettingsFor } from './suite-settings';
import { TcpProxy } from './tcp-proxy';

const began = Date.now();
const say = (line: string) => process.stdout.write(`[${((Date.now() - began) / 1000).toFixed(0).padStart(3)}s] ${line}\n`);

const suite = readSuiteSettings();
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'faults-'));
// The RabbitMQ node runs as the rabbitmq user and keeps its data under this folder.
fs.chmodSync(workDir, 0o755);
const redis = new SuiteRedis(suite.ports.redis, path.join(workDir, 'redis'), path.join(workDir, 'redis.log'));
const rabbit = new SuiteRabbit({ amqp: suite.ports.amqp, dist: suite.ports.amqpDist }, path.join(workDir, 'rabbitmq'));
const ferretdb = new SuiteFerretDb(suite.ports.ferretdb, suite.ports.ferretdbDebug, 'ferretdb_faults', path.join(workDir, 'ferretdb'), path.join(workDir, 'ferretdb.log'));
const s = rushSettingsFor(suite, { mongo: ferretdb.url, redis: redis.url, amqp: rabbit.url, rabbitmqNode: rabbit.node });
const adminToken = randomBytes(24).toString('hex');
const paymentDb = new TcpProxy('payment-db', suite.ports.paymentDb);
const fleet = new Fleet({
  settings: s,
  logDir: workDir,
  envOf: (name) => {
    // Only the payment instances reach their database through the proxy the suite cuts off.
    if (name === 'payment') return { MONGO_URL: `mongodb://127.0.0.1:${suite.ports.paymentDb}/${s.databases.payment}` };
    if (name === 'concert') return { HOLD_TTL_MS: String(suite.holdTtlS * 1000) };
    if (name === 'queue') return { QUEUE_ACTIVE_TTL_MS: String(suite.activeTtlS * 1000) };
    if (name === 'gateway') return { ADMIN_TOKEN: adminToken };
    return {};
  },
});

async function main(): Promise<number> {
  say(`fault suite: seed ${suite.seed} (FAULTS_SEED=${suite.seed} replays the schedule), ${s.fans} fans over ${suite.arrivalS} s, ${s.seats} seats, MAX_ACTIVE=${s.maxActive}, active tokens ${suite.activeTtlS} s, holds ${suite.holdTtlS} s, faults as seats sell (from ${suite.firstFaultAfterS} s, all by ${suite.firstFaultAfterS + suite.windowS} s into the rush); work dir ${workDir}`);
  for (const kind of suite.skip) say(`SKIPPED: fault "${kind}" (FAULTS_SKIP) — this run does not test it`);
  const ports = [...Object.values(suite.ports).filter((p) => typeof p === 'number'), ...fleet.ports()];
  const taken = [];
  for (const port of ports) if (await portAnswers(port)) taken.push(port);
  if (taken.length > 0) throw new Error(`ports already in use: ${taken.join(', ')} (another run? set FAULTS_PORT_BASE)`);

  say('starting the suite\'s own Redis, RabbitMQ node and FerretDB');
  await Promise.all([redis.start(), rabbit.start(), ferretdb.start()]);
  for (const done of await dropRushData(s)) say(`  ${done}`);
  const concert = await seedConcert(s);
  say(`seeded ${concert.concertCode}: ${concert.concertDates.length} dates`);

  await paymentDb.listen([{ host: '127.0.0.1', port: suite.ports.ferretdb }]);
  await fleet.openProxies();
  say('starting two instances of every service');
  for (const slot of SLOTS) await Promise.all(SERVICES.map((name) => fleet.start(name, slot)));
  say(`system up: gateway ${s.gatewayOrigin} (instances behind a proxy)`);

  const recorder = new Recorder();
  const setup = setupHttp(s, recorder);
  try {
    const fans = await createFans(s, setup.http, concert.prices, (n) => say(`  set-up: ${n}/${s.fans} fans`));
    say(`set-up: ${fans.length} fans created and charged`);

    const rushStarted = Date.now();
    let rushOver = false;
    const sinceRush = () => (Date.now() - rushStarted) / 1000;
    const random = new Random(suite.seed);
    let purchases = 0;
    const faultsDone = injectFaults(
      { fleet, rabbit, ferretdb, redis, paymentDb },
      { seats: s.seats, firstAfterMs: suite.firstFaultAfterS * 1000, windowMs: suite.windowS * 1000, dbSilentMs: suite.dbSilentS * 1000, dbAwayMs: suite.dbAwayS * 1000, skip: suite.skip },
      random,
      sinceRush,
      say,
      { state: probe, purchases: () => purchases },
    );
    say(`rush: ${s.fans} fans join within ${suite.arrivalS} s while the faults come`);
    const rush = runRush(
      s,
      concert.concertCode,
      fans,
      recorder,
      () => say(`sold out at t=${sinceRush().toFixed(1)}s`),
      (n) => (purchases = n),
    ).finally(() => {
      rushOver = true;
    });
    const faults: FaultRecord[] = await faultsDone;
    if (!rushOver) say('faults done; the rush goes on');
    const { results, timeline } = await rush;
    say(`rush over after ${((timeline.endedAt - timeline.startedAt) / 1000).toFixed(1)} s: ${timeline.purchases} purchases seen by fans`);

    // A kill whose restart gave up leaves its service down (already reported as a fault error): the checks need it up.
    for (const name of SERVICES) if (!fleet.isRunning(name, 0)) await fleet.start(name, 0);
    const parkedBeforeQuiet = await namespaceDepths(rabbit, s.amqpNamespace);
    say(`after the rush: parked ${parkedBeforeQuiet.parked.map(([q, n]) => `${q}=${n}`).join(', ') || '0'}; waiting for quiet (at most ${suite.quietTimeoutS} s)`);
    const quiet = await waitForQuiet(s, rabbit, suite.quietTimeoutS * 1000, say);
    say(quiet.quiet ? `quiet after ${quiet.waitedS.toFixed(0)} s` : `NOT quiet after ${quiet.waitedS.toFixed(0)} s; checking anyway`);

    const statuses = statusTotals(recorder);
    const { checks, facts } = await checkInvariants({ s, concertCode: concert.concertCode, fans, results, http: setup.http, rabbit, unplannedExits: fleet.unplannedExits, adminToken, statuses });
    for (const line of fleet.startupExits) say(`note: ${line}`);
    printReport(results.map((r) => r.outcome), faults, checks, { ...facts, startupExits: fleet.startupExits.length }, statuses);
    say(`logs: ${workDir}`);
    const failedChecks = checks.filter((c) => !c.pass).length;
    const failedFaults = faults.filter((f) => f.error).length;
    const pass = failedChecks === 0 && failedFaults === 0;
    say(`RESULT: ${pass ? 'PASS' : 'FAIL'} (${failedChecks} invariant checks failed, ${failedFaults} faults could not be injected or recovered from)`);
    return pass ? 0 : 1;
  } finally {
    await setup.close();
  }
}

/** Sagas open and messages parked right now; 'n/a' for a store or broker that does not answer within 3 s. */
async function probe(): Promise<string> {
  const within = <T>(p: Promise<T>) => Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('slow')), 3_000))]);
  const open = await within(readSagas(s)).then((heads) => String(heads.filter((h) => h.open).length), () => 'n/a');
  const parked = await within(namespaceDepths(rabbit, s.amqpNamespace)).then((d) => String(d.parked.reduce((n, [, c]) => n + c, 0)), () => 'n/a');
  return `${open} sagas open, ${parked} parked`;
}

function printReport(outcomes: string[], faults: FaultRecord[], checks: Check[], facts: Record<string, number>, statuses: Record<string, number>): void {
  const out = (line = '') => process.stdout.write(`${line}\n`);
  const tally = (list: string[]) => Object.entries(list.reduce<Record<string, number>>((m, k) => ((m[k] = (m[k] ?? 0) + 1), m), {}));
  out();
  out(`journeys run: ${outcomes.length} (${tally(outcomes).map(([k, n]) => `${k} ${n}`).join(', ')})`);
  out('faults injected:');
  for (const kind of [...FAULT_KINDS, 'retire second instances'] as const) {
    const done = faults.filter((f) => f.kind === kind);
    const failed = done.filter((f) => f.error).length;
    const label = suite.skip.has(kind as never) ? 'SKIPPED' : `${done.length - failed}${failed ? ` (+${failed} failed to inject)` : ''}`;
    out(`  ${kind.padEnd(26)} ${label}`);
  }
  const serverErrors = serverErrorsOf(statuses).reduce((n, [, count]) => n + count, 0);
  out(`facts: ${Object.entries(facts).map(([k, v]) => `${k}=${v}`).join(' ')} responses≥500=${serverErrors}`);
  const passed = checks.filter((c) => c.pass).length;
  out(`invariant checks: ${passed} passed, ${checks.length - passed} failed`);
  for (const c of checks) {
    out(`  ${c.pass ? 'PASS' : 'FAIL'} ${c.name}: ${c.detail}`);
    if (!c.pass) for (const e of c.examples) out(`         ${e}`);
  }
  out(`FAULTS_RESULT ${JSON.stringify({ seed: suite.seed, journeys: outcomes.length, faults: faults.map((f) => ({ kind: f.kind, atS: Math.round(f.atS * 10) / 10, error: f.error })), checks: checks.map((c) => ({ name: c.name, pass: c.pass })) })}`);
}

let exiting = false;
async function finish(code: number): Promise<void> {
  if (exiting) return;
  exiting = true;
  say('stopping everything the suite started');
  await fleet.stopAll().catch((e: unknown) => say(`  stopping services: ${(e as Error).message}`));
  await paymentDb.close().catch(() => undefined);
  await Promise.all([
    redis.stop().catch((e: unknown) => say(`  stopping Redis: ${(e as Error).message}`)),
    ferretdb.stop().catch((e: unknown) => say(`  stopping FerretDB: ${(e as Error).message}`)),
    rabbit.stop().catch((e: unknown) => say(`  stopping RabbitMQ: ${(e as Error).message}`)),
  ]);
  process.exit(code);
}

process.on('SIGINT', () => void finish(130));
process.on('SIGTERM', () => void finish(143));
process.on('exit', () => {
  fleet.killNow();
  redis.killNow();
  ferretdb.killNow();
  rabbit.killFromPidFile();
});
process.on('uncaughtException', (error) => {
  console.error('fault suite failed:', error);
  void finish(2);
});

main().then(
  (code) => finish(code),
  (error: unknown) => {
    console.error('fault suite failed:', error);
    return finish(2);
  },
);
