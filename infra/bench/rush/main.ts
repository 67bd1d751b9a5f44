/**
 * `pnpm bench:rush`: the ticket-opening rush of issue 8, end to end through the gateway, on a system
 * this script starts with fresh data in its own namespaces. See README.md next to this file.
 */
import { measureBareInserts } from './bare-insert';
import { runChecks, waitForSagasToSettle } from './checks';
import { diffCpu, sampleCpu } from './cpu';
import { dropRushData, seedConcert } from './fresh-data';
import { printReport } from './report';
import { runRush } from './rush';
import { readSettings } from './settings';
import { setupHttp, createFans } from './setup';
import { Recorder, RUSH_ROUTES, SETUP_ROUTES } from './stats';
import { diffCounts, readCommandCounts, totalOf, type CommandCounts } from './store-counters';
import { System } from './system';

const say = (s: string) => process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${s}\n`);

async function main(system: System): Promise<number> {
  const s = readSettings();
  say(`rush bench: FANS=${s.fans} SEATS=${s.seats} (${s.concertCode}) MAX_ACTIVE=${s.maxActive} POOR_PERCENT=${s.poorPercent} RUSH_TIMEOUT_S=${s.rushTimeoutMs / 1000} GATEWAY_WORKERS=${s.gatewayWorkers}`);
  await system.assertPortsFree();
  for (const done of await dropRushData(s)) say(done);
  const concert = await seedConcert(s);
  say(`seeded ${concert.concertCode}: ${concert.concertDates.join(', ')}`);

  say(`starting the system; service logs in ${system.logDir}`);
  system.start();
  await system.waitUntilReady();
  say(`ready: gateway ${s.gatewayOrigin}`);

  const recorder = new Recorder();
  const setup = setupHttp(s, recorder);
  let exitCode = 0;
  try {
    const t = performance.now();
    const fans = await createFans(s, setup.http, concert.prices, (n) => say(`  set-up: ${n}/${s.fans} fans created and charged`));
    const keyed = fans.filter((f) => f.userKey).length;
    say(`set-up: ${fans.length} fans in ${((performance.now() - t) / 1000).toFixed(1)} s (${keyed} with a user key)`);

    const bare = await measureBareInserts(s);
    say(`bare store inserts: ${bare.inserts} in ${bare.seconds.toFixed(1)} s = ${bare.perSecond.toFixed(0)}/s (${s.bareInsertWriters} writers)`);

    const children = () => system.children.map((c) => ({ name: c.name, pid: c.process.pid }));
    const countsAtStart = await readCommandCounts(s.metricsUrl);
    let countsAtSoldOut: Promise<CommandCounts | null> | null = null;
    const cpuAtStart = sampleCpu(children());
    say(`rush: ${s.fans} fans join within one second`);
    const { results, timeline } = await runRush(s, concert.concertCode, fans, recorder, () => {
      countsAtSoldOut = readCommandCounts(s.metricsUrl);
    });
    const cpuAtEnd = sampleCpu(children());
    const countsAtEnd = await readCommandCounts(s.metricsUrl);
    const soldOutCounts = countsAtSoldOut ? await countsAtSoldOut : null;
    say(`rush over after ${((timeline.endedAt - timeline.startedAt) / 1000).toFixed(1)} s`);
    if (system.crashed) say(`WARNING: ${system.crashed}`);

    const open = await waitForSagasToSettle(s, 60_000);
    if (open > 0) say(`WARNING: ${open} sagas still open after 60 s of waiting; checking anyway`);
    const { checks, facts } = await runChecks(s, concert.concertCode, fans, results, setup.http, () => recorder.serverErrors);

    const outcomes: Record<string, number> = {};
    const errors: Record<string, number> = {};
    for (const r of results) {
      outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
      if (r.outcome === 'error' || r.outcome === 'token-lost') errors[r.detail ?? '?'] = (errors[r.detail ?? '?'] ?? 0) + 1;
    }
    const nothingLeftFans = (outcomes['sold-out'] ?? 0) + (outcomes['no-seat'] ?? 0);
    const sinceStart = (at: number | null) => (at === null ? null : (at - timeline.startedAt) / 1000);
    const startToSoldOut = diffCounts(soldOutCounts, countsAtStart);
    const soldOutToEnd = diffCounts(countsAtEnd, soldOutCounts);
    const startToEnd = diffCounts(countsAtEnd, countsAtStart);
    const purchaseBasis = timeline.soldOutAt === null ? startToEnd : startToSoldOut;
    const span = timeline.firstPurchaseAt !== null && timeline.lastPurchaseAt !== null ? (timeline.lastPurchaseAt - timeline.firstPurchaseAt) / 1000 : null;
    const purchasesPerS = timeline.lastPurchaseAt === null ? null : timeline.purchases / sinceStart(timeline.lastPurchaseAt)!;
    const purchasesPerSFirstToLast = span !== null && span > 0 && timeline.purchases > 1 ? (timeline.purchases - 1) / span : null;

    printReport({
      fans: s.fans,
      seats: s.seats,
      concertCode: concert.concertCode,
      maxActive: s.maxActive,
      firstPurchaseS: sinceStart(timeline.firstPurchaseAt),
      soldOutS: sinceStart(timeline.soldOutAt),
      rushS: (timeline.endedAt - timeline.startedAt) / 1000,
      rushTimedOut: timeline.timedOut,
      purchases: timeline.purchases,
      purchasesPerS,
      purchasesPerSFirstToLast,
      bareInsertsPerS: bare.perSecond,
      ratio: purchasesPerS === null ? null : purchasesPerS / bare.perSecond,
      outcomes,
      routes: recorder.summary(RUSH_ROUTES),
      setupRoutes: recorder.summary(SETUP_ROUTES),
      commands: {
        startToEnd,
        startToSoldOut,
        soldOutToEnd,
        perPurchase: timeline.purchases > 0 && totalOf(purchaseBasis) !== null ? totalOf(purchaseBasis)! / timeline.purchases : null,
        perPurchaseBasis: timeline.soldOutAt === null ? 'commands rush start → end (never sold out)' : 'commands rush start → sell-out',
        perNothingLeftFan: nothingLeftFans > 0 && totalOf(soldOutToEnd) !== null ? totalOf(soldOutToEnd)! / nothingLeftFans : null,
        nothingLeftFans,
      },
      cpuSeconds: diffCpu(cpuAtEnd, cpuAtStart),
      checks,
      facts,
      errors,
    });
    say(`service logs: ${system.logDir}`);
    if (checks.some((c) => !c.pass)) exitCode = 1;
  } finally {
    await setup.close();
  }
  return exitCode;
}

const system = new System(readSettings());
let exiting = false;
const finish = async (code: number) => {
  if (exiting) return;
  exiting = true;
  say('stopping the system');
  await system.stop();
  process.exit(code);
};
process.on('SIGINT', () => void finish(130));
process.on('SIGTERM', () => void finish(143));
process.on('exit', () => system.killNow());
process.on('uncaughtException', (error) => {
  console.error('rush bench failed:', error);
  void finish(2);
});

main(system).then(
  (code) => finish(code),
  (error: unknown) => {
    console.error('rush bench failed:', error);
    return finish(2);
  },
);
