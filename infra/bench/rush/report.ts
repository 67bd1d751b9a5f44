/** Plain-text report of a run, and its targets from issue 8 as informational lines. */
import type { CheckResult } from './checks';
import type { CpuSample } from './cpu';
import type { RouteSummary } from './stats';
import type { CommandCounts } from './store-counters';

export interface Figures {
  fans: number;
  seats: number;
  concertCode: string;
  maxActive: number;
  firstPurchaseS: number | null;
  soldOutS: number | null;
  rushS: number;
  rushTimedOut: boolean;
  purchases: number;
  purchasesPerS: number | null;
  purchasesPerSFirstToLast: number | null;
  bareInsertsPerS: number;
  ratio: number | null;
  outcomes: Record<string, number>;
  routes: RouteSummary[];
  setupRoutes: RouteSummary[];
  commands: {
    startToEnd: CommandCounts | null;
    startToSoldOut: CommandCounts | null;
    soldOutToEnd: CommandCounts | null;
    perPurchase: number | null;
    perPurchaseBasis: string;
    perNothingLeftFan: number | null;
    nothingLeftFans: number;
  };
  cpuSeconds: CpuSample;
  checks: CheckResult[];
  facts: Record<string, number>;
  errors: Record<string, number>;
}

const fmt = (n: number | null, digits = 0): string => (n === null || !Number.isFinite(n) ? 'n/a' : n.toFixed(digits));
const ms = (n: number | null): string => fmt(n, 0);
const pad = (s: string, n: number) => s.padEnd(n);
const lpad = (s: string, n: number) => s.padStart(n);
const breakdown = (c: CommandCounts | null): string =>
  c ? Object.entries(c).map(([k, v]) => `${k} ${v}`).join(', ') || 'none' : 'n/a (metrics unreadable, or FerretDB restarted in between)';
const total = (c: CommandCounts | null) => (c ? Object.values(c).reduce((a, b) => a + b, 0) : null);

const P99_TARGETS: Record<string, number> = { '1-1 join': 1000, '1-2 poll': 1000, '2-1 dates': 1000, '2-2 seats': 1000, '3-1 hold': 1000, '5 payment': 2000 };

export function printReport(f: Figures): void {
  const out: string[] = [];
  const line = (s = '') => out.push(s);
  line();
  line(`=== rush: ${f.fans} fans, ${f.concertCode} (${f.seats} seats), QUEUE_MAX_ACTIVE ${f.maxActive} ===`);
  line(`time to first purchase             ${fmt(f.firstPurchaseS, 1)} s`);
  line(`time to sell-out                   ${f.soldOutS === null ? `not sold out (${f.purchases}/${f.seats} bought)` : `${fmt(f.soldOutS, 1)} s`}`);
  line(`rush duration                      ${fmt(f.rushS, 1)} s${f.rushTimedOut ? ' (stopped by RUSH_TIMEOUT_S)' : ''}`);
  line(`completed purchases (client view)  ${f.purchases}`);
  line(`purchases/s, rush start → last     ${fmt(f.purchasesPerS, 2)}`);
  line(`purchases/s, first → last purchase ${fmt(f.purchasesPerSFirstToLast, 2)}`);
  line(`bare store inserts/s (same run)    ${fmt(f.bareInsertsPerS, 0)}`);
  line(`purchases/s ÷ bare inserts/s       ${f.ratio === null ? 'n/a' : `1/${fmt(1 / f.ratio, 0)} (${f.ratio.toFixed(4)})`}   target ≥ 1/30`);
  line(`fan outcomes                       ${Object.entries(f.outcomes).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (Object.keys(f.errors).length > 0) line(`fan errors                         ${Object.entries(f.errors).map(([k, v]) => `${k} ×${v}`).join('; ')}`);
  line();
  line(`${pad('route', 18)}${lpad('count', 8)}${lpad('p50 ms', 9)}${lpad('p99 ms', 9)}${lpad('max ms', 9)}`);
  for (const r of [...f.routes, ...f.setupRoutes]) line(`${pad(r.route, 18)}${lpad(String(r.count), 8)}${lpad(ms(r.p50), 9)}${lpad(ms(r.p99), 9)}${lpad(ms(r.max), 9)}`);
  line('(0 create user, 4-2 charge: set-up; 4-1 balance: the checks; not part of the rush)');
  line();
  line('status histogram per route ("timeout" = no answer within the client timeout, "conn …" = connection error):');
  for (const r of [...f.routes, ...f.setupRoutes]) {
    if (r.count > 0) line(`  ${pad(r.route, 16)} ${Object.entries(r.statuses).map(([k, v]) => `${k}: ${v}`).join(', ')}`);
  }
  line();
  line('store commands (FerretDB ferretdb_client_requests_total, server-wide):');
  const phase = (c: CommandCounts | null) => (f.soldOutS === null ? 'n/a (never sold out)' : `${fmt(total(c))}  (${breakdown(c)})`);
  line(`  rush start → end:      ${fmt(total(f.commands.startToEnd))}  (${breakdown(f.commands.startToEnd)})`);
  line(`  rush start → sell-out: ${phase(f.commands.startToSoldOut)}`);
  line(`  sell-out → end:        ${phase(f.commands.soldOutToEnd)}`);
  line(`  per completed purchase = ${f.commands.perPurchaseBasis} / completed purchases = ${fmt(f.commands.perPurchase, 1)}   target ≤ 15`);
  line(
    `  per fan who found nothing left = commands sell-out → end / fans told SOLD_OUT or who left finding no free seat (${f.commands.nothingLeftFans}) = ${fmt(f.commands.perNothingLeftFan, 2)}   target ≤ 2`,
  );
  line();
  line('CPU seconds during the rush (rush start → end, user+system):');
  const cpu = Object.entries(f.cpuSeconds).sort((a, b) => b[1] - a[1]);
  line(`  ${cpu.map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}; total ${cpu.reduce((a, [, v]) => a + v, 0).toFixed(1)} of ${(f.rushS * 2).toFixed(0)} available on 2 cores`);
  line();
  line('targets of issue 8 (informational):');
  for (const r of f.routes) {
    const target = P99_TARGETS[r.route];
    if (target !== undefined) line(`  ${pad(`${r.route} p99`, 20)} ${lpad(ms(r.p99), 7)} ms   target < ${target} ms   ${r.p99 !== null && r.p99 < target ? 'met' : 'missed'}`);
  }
  const met = (ok: boolean | null) => (ok === null ? 'n/a' : ok ? 'met' : 'missed');
  line(`  ${pad('commands/purchase', 20)} ${lpad(fmt(f.commands.perPurchase, 1), 7)}      target ≤ 15       ${met(f.commands.perPurchase === null ? null : f.commands.perPurchase <= 15)}`);
  line(`  ${pad('commands/sold-out fan', 20)} ${lpad(fmt(f.commands.perNothingLeftFan, 2), 7)}      target ≤ 2        ${met(f.commands.perNothingLeftFan === null ? null : f.commands.perNothingLeftFan <= 2)}`);
  line(`  ${pad('purchases/s ÷ inserts/s', 20)} ${lpad(f.ratio === null ? 'n/a' : f.ratio.toFixed(4), 7)}      target ≥ 0.0333   ${met(f.ratio === null ? null : f.ratio >= 1 / 30)}`);
  line();
  line('checks:');
  for (const c of f.checks) line(`  ${c.pass ? 'PASS' : 'FAIL'} ${c.name}: ${c.detail}`);
  line(`facts: ${Object.entries(f.facts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  process.stdout.write(`${out.join('\n')}\n`);
  process.stdout.write(`RUSH_RESULT ${JSON.stringify(f)}\n`);
}
