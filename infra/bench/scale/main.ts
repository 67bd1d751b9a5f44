/**
 * `pnpm bench:scale`: issue 8, item 3 — cost follows the live work, not the history. Two rounds, each on
 * a fresh system this script starts on top of seeded history: A with 1,000 users (10,000 ledger records),
 * B with 100,000 users (1,000,000 ledger records). Through the gateway: balance, join, hold and payment
 * latency, cold (first touch since start) and warm, each measured REPETITIONS times; then B/A. See README.md.
 */
import { dropRushData } from '../rush/fresh-data';
import { System } from '../rush/system';
import type { Settings } from '../rush/settings';
import { Client, commandsPerRequest, ROUTES, runPass, summarize, type RouteFigures, type Temperature } from './measure';
import { benchUserId, seedConcerts, seedLedger, seedPaymentHistory } from './seed';
import { roundSettings, scaleOptions, type Round, type ScaleOptions } from './settings';

const say = (s: string) => process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${s}\n`);
const ms = (v: number | null) => (v === null ? '—' : v.toFixed(1));
const pad = (s: string, n: number) => s.padEnd(n);
const lpad = (s: string, n: number) => s.padStart(n);

let current: System | null = null;

/** Disjoint random samples of user indexes in [0, users). */
function samples(users: number, sets: number, size: number): string[][] {
  if (sets * size > users) throw new Error(`${sets} samples of ${size} need ${sets * size} users; the round has ${users} (lower SAMPLE)`);
  const picked = new Set<number>();
  const out: string[][] = [];
  for (let s = 0; s < sets; s++) {
    const set: string[] = [];
    while (set.length < size) {
      const i = Math.floor(Math.random() * users);
      if (picked.has(i)) continue;
      picked.add(i);
      set.push(benchUserId(i));
    }
    out.push(set);
  }
  return out;
}

async function runRound(round: Round, o: ScaleOptions): Promise<RouteFigures[]> {
  const s = roundSettings(round);
  say(`— round ${round.name}: ${round.users} users, ${round.users * 10} ledger records, ${round.pastSagas} past sagas (databases scale_${round.name.toLowerCase()}_*)`);
  const dropping: Settings = o.reuseLedger
    ? { ...s, databases: Object.fromEntries(Object.entries(s.databases).filter(([k]) => k !== 'wallet')) as Settings['databases'] }
    : s;
  for (const done of await dropRushData(dropping)) say(done);

  const codes: string[] = [];
  for (let r = 1; r <= o.repetitions; r++) codes.push(`SCALE-R${r}-COLD`, `SCALE-R${r}-WARM`);
  const concerts = await seedConcerts(s, codes);
  say(`seeded ${concerts.length} concerts of 150 seats: ${codes.join(', ')}`);
  const ledgerS = await seedLedger(s, round.users, (l) => say(l));
  say(`seed: ledger ${round.users} users / ${round.users * 10} records in ${ledgerS.toFixed(0)} s`);
  const sagaS = await seedPaymentHistory(s, round.pastSagas, round.users, (l) => say(l));
  say(`seed: ${round.pastSagas} past completed sagas (${round.pastSagas * 3} saga_events, ${round.pastSagas} idempotency keys) in ${sagaS.toFixed(0)} s`);

  const system = new System(s);
  current = system;
  await system.assertPortsFree();
  say(`starting the system (QUEUE_MAX_ACTIVE=${s.maxActive}); service logs in ${system.logDir}`);
  const t0 = performance.now();
  system.start();
  await system.waitUntilReady(300_000);
  say(`ready in ${((performance.now() - t0) / 1000).toFixed(1)} s: gateway ${s.gatewayOrigin}`);

  const client = new Client(s.gatewayOrigin, o.concurrency, s.metricsUrl);
  const figures: RouteFigures[] = [];
  try {
    // Per repetition two disjoint sets: R reads balances (cold) then joins (warm); J joins (cold).
    const sets = samples(round.users, 2 * o.repetitions, o.sample);
    for (let r = 1; r <= o.repetitions; r++) {
      const readers = sets[2 * (r - 1)]!;
      const joiners = sets[2 * (r - 1) + 1]!;
      const cold = concerts.find((c) => c.concertCode === `SCALE-R${r}-COLD`)!;
      const warm = concerts.find((c) => c.concertCode === `SCALE-R${r}-WARM`)!;
      say(`repetition ${r}: cold pass (balance of ${readers.length} untouched users, join of ${joiners.length} other untouched users, ${o.buyers} hold + pay)`);
      figures.push(...(await runPass(client, 'cold', r, readers, joiners, cold, o.buyers, say)));
      // Warm: the readers again (balance), and they join (the wallet has seen them) another concert.
      say(`repetition ${r}: warm pass (balance of the same ${readers.length} users, their join, ${o.buyers} hold + pay)`);
      figures.push(...(await runPass(client, 'warm', r, readers, readers, warm, o.buyers, say)));
    }
  } finally {
    await client.close();
    if (system.crashed) say(`WARNING: ${system.crashed}`);
    say('stopping the system');
    await system.stop();
    current = null;
  }
  printRound(round, figures);
  return figures;
}

function printRound(round: Round, figures: RouteFigures[]): void {
  say(`round ${round.name} (${round.users} users):`);
  console.log(`  ${pad('route', 13)} ${pad('pass', 5)} rep ${lpad('n', 4)} ${lpad('p50 ms', 8)} ${lpad('p99 ms', 8)} ${lpad('cmd/req', 8)}  statuses; commands`);
  for (const f of figures) {
    const { n, p50, p99 } = summarize(f.latencies);
    const cpr = commandsPerRequest(f);
    const commands = f.commands ? Object.entries(f.commands).map(([c, k]) => `${c} ${k}`).join(' ') : 'counters unavailable';
    console.log(
      `  ${pad(f.route, 13)} ${pad(f.temperature, 5)} ${lpad(String(f.repetition), 3)} ${lpad(String(n), 4)} ${lpad(ms(p50), 8)} ${lpad(ms(p99), 8)} ${lpad(cpr === null ? '—' : cpr.toFixed(1), 8)}  ${JSON.stringify(f.statuses)}; ${commands}`,
    );
  }
}

function compare(a: RouteFigures[], b: RouteFigures[], repetitions: number): void {
  const pick = (fs: RouteFigures[], route: string, t: Temperature, rep?: number) =>
    summarize(fs.filter((f) => f.route === route && f.temperature === t && (rep === undefined || f.repetition === rep)).flatMap((f) => f.latencies));
  const ratio = (x: number | null, y: number | null) => (x === null || y === null || x === 0 ? null : y / x);
  const fmtRatio = (r: number | null) => (r === null ? '—' : `${r.toFixed(2)}×`);
  const verdict = (r: number | null) => (r === null ? '?' : r <= 1.5 ? 'ok' : 'OVER');
  say(`B/A (${repetitions} repetitions pooled; per repetition: p50 ratio r1 / r2 …); target ≤ 1.5×`);
  const header = `| route | pass | p50 A | p50 B | B/A | p99 A | p99 B | B/A | p50 B/A per rep | target ≤ 1.5× (p50 / p99) |`;
  console.log(header);
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---|---|');
  const rows: unknown[] = [];
  for (const route of ROUTES) {
    for (const t of ['cold', 'warm'] as const) {
      const A = pick(a, route, t);
      const B = pick(b, route, t);
      const r50 = ratio(A.p50, B.p50);
      const r99 = ratio(A.p99, B.p99);
      const perRep = Array.from({ length: repetitions }, (_, i) => fmtRatio(ratio(pick(a, route, t, i + 1).p50, pick(b, route, t, i + 1).p50))).join(' / ');
      console.log(`| ${route} | ${t} | ${ms(A.p50)} | ${ms(B.p50)} | ${fmtRatio(r50)} | ${ms(A.p99)} | ${ms(B.p99)} | ${fmtRatio(r99)} | ${perRep} | ${verdict(r50)} / ${verdict(r99)} |`);
      rows.push({ route, pass: t, p50A: A.p50, p50B: B.p50, p50Ratio: r50, p99A: A.p99, p99B: B.p99, p99Ratio: r99, nA: A.n, nB: B.n });
    }
  }
  console.log(`SCALE_RESULT ${JSON.stringify(rows)}`);
}

async function main(): Promise<number> {
  const o = scaleOptions();
  say(`scale bench: rounds ${o.rounds.map((r) => `${r.name}=${r.users} users`).join(', ')}; SAMPLE=${o.sample} per set, BUYERS=${o.buyers}, CONCURRENCY=${o.concurrency}, REPETITIONS=${o.repetitions}`);
  const results: RouteFigures[][] = [];
  const only = process.env.ROUNDS?.toUpperCase();
  for (const round of o.rounds) if (!only || only.includes(round.name)) results.push(await runRound(round, o));
  if (results.length === 2) compare(results[0]!, results[1]!, o.repetitions);
  return 0;
}

const finish = async (code: number) => {
  if (current) await current.stop();
  process.exit(code);
};
process.on('SIGINT', () => void finish(130));
process.on('SIGTERM', () => void finish(143));
process.on('exit', () => current?.killNow());

main().then(
  (code) => finish(code),
  (error: unknown) => {
    console.error('scale bench failed:', error);
    return finish(2);
  },
);
