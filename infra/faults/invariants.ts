/**
 * What must hold after the faults, once the system is quiet (issue 9 point 6), read from the services'
 * own databases, the API and the broker. Every failed check names what it found wrong.
 */
import * as amqp from 'amqplib';
import { MongoClient } from 'mongodb';
import { readSagaHeads, readSeatStreams, seatKey, type SagaHead } from '../bench/rush/checks';
import type { FanAccount, FanResult } from '../bench/rush/fan';
import type { Http } from '../bench/rush/http';
import { forEachLimited } from '../bench/rush/setup';
import type { Settings } from '../bench/rush/settings';
import { RUSH_ROUTES, type Recorder } from '../bench/rush/stats';
import type { SuiteRabbit } from './servers';

export interface Check {
  name: string;
  pass: boolean;
  detail: string;
  /** Up to a few lines naming the sagas, fans, seats or queues at fault. */
  examples: string[];
}

const EXAMPLES = 10;
const describeSaga = (h: SagaHead) => `saga ${h.sagaId} fan ${h.userId} seat ${h.seatKey} ${h.status} step=${h.step} debit=${h.debit} refund=${h.refund}${h.reason ? ` reason=${h.reason}` : ''}`;

export async function readSagas(s: Settings): Promise<SagaHead[]> {
  const client = await MongoClient.connect(s.mongoBase, { directConnection: true, serverSelectionTimeoutMS: 10_000 });
  try {
    return await readSagaHeads(client.db(s.databases.payment));
  } finally {
    await client.close();
  }
}

/** Messages waiting or being handled in the suite's namespace; parking queues are reported apart. */
export async function namespaceDepths(rabbit: SuiteRabbit, namespace: string): Promise<{ unprocessed: [string, number][]; parked: [string, number][] }> {
  const depths = await rabbit.queueDepths();
  const unprocessed: [string, number][] = [];
  const parked: [string, number][] = [];
  for (const [name, { ready, unacked }] of depths) {
    if (!name.startsWith(`${namespace}.`) || ready + unacked === 0) continue;
    (name.endsWith('.parking') ? parked : unprocessed).push([name, ready + unacked]);
  }
  return { unprocessed, parked };
}

/**
 * Waits until no saga is open and no message waits outside a parking queue, twice in a row (a retry
 * in flight shows up between two polls), or until the bound; returns what was still open.
 */
export async function waitForQuiet(
  s: Settings,
  rabbit: SuiteRabbit,
  timeoutMs: number,
  progress: (line: string) => void,
): Promise<{ quiet: boolean; waitedS: number }> {
  const started = Date.now();
  let calmPolls = 0;
  let lastReport = 0;
  for (;;) {
    const [sagas, depths] = await Promise.all([readSagas(s), namespaceDepths(rabbit, s.amqpNamespace)]);
    const open = sagas.filter((h) => h.open).length;
    const waiting = depths.unprocessed.reduce((n, [, d]) => n + d, 0);
    calmPolls = open === 0 && waiting === 0 ? calmPolls + 1 : 0;
    const waitedS = (Date.now() - started) / 1000;
    if (calmPolls >= 2) return { quiet: true, waitedS };
    if (Date.now() - started > timeoutMs) return { quiet: false, waitedS };
    if (Date.now() - lastReport > 10_000) {
      lastReport = Date.now();
      progress(`waiting for quiet: ${open} sagas open, ${waiting} messages unprocessed (${waitedS.toFixed(0)} s)`);
    }
    await new Promise((r) => setTimeout(r, 2_000));
  }
}

interface LedgerRow {
  userId: string;
  version: number;
  kind: string;
  amount: number;
  balance: number;
  sagaId?: string;
}

export interface InvariantInput {
  s: Settings;
  concertCode: string;
  fans: FanAccount[];
  results: FanResult[];
  http: Http;
  rabbit: SuiteRabbit;
  unplannedExits: string[];
  /** The gateway's ADMIN_TOKEN: failing sagas are shown with their timeline. */
  adminToken: string;
  /** Answers of the rush's routes by status key ("503 SERVICE_UNAVAILABLE", …), all routes together. */
  statuses: Record<string, number>;
}

/** Answers of the rush's routes by status key ("503 SERVICE_UNAVAILABLE", …), summed over the routes. */
export function statusTotals(recorder: Recorder): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const route of recorder.summary(RUSH_ROUTES)) for (const [status, n] of Object.entries(route.statuses)) totals[status] = (totals[status] ?? 0) + n;
  return totals;
}

/** The status keys of responses ≥ 500, with their counts. */
export const serverErrorsOf = (statuses: Record<string, number>): [string, number][] =>
  Object.entries(statuses).filter(([status]) => Number(status.split(' ')[0]) >= 500);

export async function checkInvariants(input: InvariantInput): Promise<{ checks: Check[]; facts: Record<string, number> }> {
  const { s, fans, results } = input;
  const client = await MongoClient.connect(s.mongoBase, { directConnection: true, serverSelectionTimeoutMS: 10_000 });
  let sagas: SagaHead[];
  let streams: Awaited<ReturnType<typeof readSeatStreams>>;
  let ledger: LedgerRow[];
  try {
    sagas = await readSagaHeads(client.db(s.databases.payment));
    streams = await readSeatStreams(client.db(s.databases.concert), input.concertCode);
    ledger = (await client
      .db(s.databases.wallet)
      .collection('ledger')
      .find({}, { projection: { _id: 0, userId: 1, version: 1, kind: 1, amount: 1, balance: 1, sagaId: 1 } })
      .toArray()) as unknown as LedgerRow[];
  } finally {
    await client.close();
  }
  const checks: Check[] = [];
  const completed = sagas.filter((h) => h.status === 'COMPLETED');

  // 1. Every saga final: the payment ended and no refund is still owed.
  const open = sagas.filter((h) => h.open);
  checks.push({
    name: 'every saga final',
    pass: open.length === 0,
    detail: `${sagas.length} sagas: ${completed.length} COMPLETED, ${sagas.filter((h) => h.status === 'FAILED').length} FAILED, ${open.length} still open (PENDING or refund REQUESTED)`,
    examples: open.slice(0, EXAMPLES).map(describeSaga),
  });

  // 2. No seat sold twice: one completed payment per seat, and no stream SOLD twice without a release between.
  const completedBySeat = new Map<string, SagaHead[]>();
  for (const saga of completed) completedBySeat.set(saga.seatKey, [...(completedBySeat.get(saga.seatKey) ?? []), saga]);
  const twicePaid = [...completedBySeat].filter(([, list]) => list.length > 1);
  const soldSeats = new Map<string, string>();
  const twiceSold: string[] = [];
  for (const [seatId, records] of streams) {
    let sold = false;
    for (const r of records) {
      if (r.type === 'SOLD') {
        if (sold) twiceSold.push(`seat stream ${seatId} SOLD again at version ${r.version} (saga ${r.sagaId}) without a release`);
        sold = true;
      } else if (r.type === 'RELEASED') sold = false;
    }
    const head = records[records.length - 1]!;
    if (head.type === 'SOLD') soldSeats.set(seatKey(head.concertDate, head.seatNumber), head.sagaId);
  }
  checks.push({
    name: 'no seat sold twice',
    pass: twicePaid.length === 0 && twiceSold.length === 0,
    detail: `${soldSeats.size} of ${s.seats} seats sold; seats with more than one completed payment: ${twicePaid.length}; seat streams sold twice: ${twiceSold.length}`,
    examples: [...twicePaid.map(([seat, list]) => `seat ${seat} paid by sagas ${list.map((h) => h.sagaId).join(', ')}`), ...twiceSold].slice(0, EXAMPLES),
  });

  // 3. Sold seats = completed payments, seat by seat.
  const soldNotPaid = [...soldSeats].filter(([seat]) => !completedBySeat.has(seat));
  const paidNotSold = completed.filter((h) => !soldSeats.has(h.seatKey));
  checks.push({
    name: 'sold seats = completed payments',
    pass: soldSeats.size === completed.length && soldNotPaid.length === 0 && paidNotSold.length === 0,
    detail: `sold seats ${soldSeats.size}, completed payments ${completed.length}; sold without a completed payment: ${soldNotPaid.length}; completed but the seat is not sold: ${paidNotSold.length}`,
    examples: [
      ...soldNotPaid.map(([seat, sagaId]) => `seat ${seat} SOLD (by saga ${sagaId}) with no completed payment`),
      ...paidNotSold.map((h) => `${describeSaga(h)}: seat not SOLD`),
    ].slice(0, EXAMPLES),
  });

  // 4. Money, per fan: charges − debits + refunds = balance (API), and what the wallet kept is what the fan bought.
  const byFan = new Map<string, { charges: number; debits: number; refunds: number; head: LedgerRow | null; debitSagas: Map<string, number> }>();
  for (const fan of fans) byFan.set(fan.userId, { charges: 0, debits: 0, refunds: 0, head: null, debitSagas: new Map() });
  for (const row of ledger) {
    const fan = byFan.get(row.userId);
    if (!fan) continue;
    if (row.kind === 'CHARGED') fan.charges += row.amount;
    if (row.kind === 'DEBITED') fan.debits += row.amount;
    if (row.kind === 'REFUNDED') fan.refunds += row.amount;
    if (row.sagaId && (row.kind === 'DEBITED' || row.kind === 'REFUNDED')) {
      fan.debitSagas.set(row.sagaId, (fan.debitSagas.get(row.sagaId) ?? 0) + (row.kind === 'DEBITED' ? row.amount : -row.amount));
    }
    if (!fan.head || row.version > fan.head.version) fan.head = row;
  }
  const balanceWrong: string[] = [];
  const unreadable: string[] = [];
  await forEachLimited(fans, s.setupConcurrency, async (fan) => {
    const answer = await input.http.call('4-1 balance', 'GET', `/api/v1/users/${fan.userId}/balance`, {
      headers: fan.userKey ? { 'x-user-key': fan.userKey } : {},
      retries: 5,
    });
    if (answer.status !== 200) return void unreadable.push(`fan ${fan.userId}: GET balance answered ${answer.status} ${answer.code ?? ''}`);
    const m = byFan.get(fan.userId)!;
    const expected = m.charges - m.debits + m.refunds;
    if (answer.body.balance !== expected || m.head?.balance !== expected) {
      balanceWrong.push(
        `fan ${fan.userId}: charges ${m.charges} − debits ${m.debits} + refunds ${m.refunds} = ${expected}, API balance ${answer.body.balance}, ledger head balance ${m.head?.balance}`,
      );
    }
  });
  checks.push({
    name: 'every fan: charges − debits + refunds = balance',
    pass: balanceWrong.length === 0 && unreadable.length === 0,
    detail: `${fans.length} fans; balance ≠ charges − debits + refunds (API or ledger head): ${balanceWrong.length}; balance unreadable: ${unreadable.length}`,
    examples: [...balanceWrong, ...unreadable].slice(0, EXAMPLES),
  });

  // A charge the API confirmed (set-up, or a top-up after a 402) is in the ledger; a top-up whose answer
  // was lost in a fault may be there too, so the ledger may hold more, never less.
  const chargesLost = fans
    .filter((fan) => byFan.get(fan.userId)!.charges < fan.charged)
    .map((fan) => `fan ${fan.userId}: charges confirmed to the fan ${fan.charged}, in the ledger ${byFan.get(fan.userId)!.charges}`);
  checks.push({
    name: 'every charge a fan was told of is in the ledger',
    pass: chargesLost.length === 0,
    detail: `fans whose ledger holds less than the charges they were told of: ${chargesLost.length}`,
    examples: chargesLost.slice(0, EXAMPLES),
  });

  // A debit kept for a FAILED payment, a refund of a COMPLETED one, or a completed payment never debited:
  // money created or lost even when each ledger adds up.
  const sagaById = new Map(sagas.map((h) => [h.sagaId, h]));
  const moneyWrong: string[] = [];
  for (const [userId, m] of byFan) {
    const kept = new Map(m.debitSagas);
    for (const saga of completed.filter((h) => h.userId === userId)) if (!kept.has(saga.sagaId)) kept.set(saga.sagaId, 0);
    for (const [sagaId, net] of kept) {
      const saga = sagaById.get(sagaId);
      const owed = saga?.status === 'COMPLETED' ? saga.amount : 0;
      if (net !== owed) moneyWrong.push(`fan ${userId}: ${saga ? describeSaga(saga) : `saga ${sagaId} (unknown to payment)`}: debits − refunds = ${net}, should be ${owed}`);
    }
  }
  checks.push({
    name: 'every fan: debits − refunds = completed payments',
    pass: moneyWrong.length === 0,
    detail: `sagas whose wallet entries do not match their outcome: ${moneyWrong.length}`,
    examples: moneyWrong.slice(0, EXAMPLES),
  });

  // 5. Nothing parked or left unprocessed in the suite's namespace.
  const depths = await namespaceDepths(input.rabbit, s.amqpNamespace);
  const parkedMessages: string[] = [];
  for (const [queue] of depths.parked) parkedMessages.push(...(await peek(s.amqpUrl, queue, EXAMPLES).catch((e: Error) => [`${queue}: could not read (${e.message})`])));
  checks.push({
    name: '0 messages parked or unprocessed',
    pass: depths.parked.length === 0 && depths.unprocessed.length === 0,
    detail: `parked: ${sum(depths.parked)}, unprocessed: ${sum(depths.unprocessed)} (queues ${s.amqpNamespace}.*)`,
    examples: [...[...depths.parked, ...depths.unprocessed].map(([name, n]) => `${name}: ${n} messages`), ...parkedMessages],
  });

  // 6. What fans were told holds: a purchase a fan saw COMPLETED is a completed payment of that fan.
  const completedByFan = new Map<string, SagaHead[]>();
  for (const saga of completed) completedByFan.set(saga.userId, [...(completedByFan.get(saga.userId) ?? []), saga]);
  const toldWrong: string[] = [];
  fans.forEach((fan, i) => {
    if (results[i]!.outcome !== 'bought') return;
    const theirs = completedByFan.get(fan.userId) ?? [];
    const seen = results[i]!.paid;
    if (theirs.length !== 1 || (Number.isFinite(seen) && theirs[0]!.amount !== seen)) {
      toldWrong.push(`fan ${fan.userId} was told COMPLETED (${seen} KRW) but has ${theirs.length} completed payments: ${theirs.map(describeSaga).join('; ')}`);
    }
  });
  checks.push({
    name: 'every purchase a fan was told of is a completed payment',
    pass: toldWrong.length === 0,
    detail: `fans told COMPLETED: ${results.filter((r) => r.outcome === 'bought').length}; not matching a completed payment: ${toldWrong.length}`,
    examples: toldWrong.slice(0, EXAMPLES),
  });

  // 7. A fault is news for the client to retry (503 with Retry-After), never an unexplained 500.
  const internal = Object.entries(input.statuses).filter(([status]) => status.startsWith('500'));
  checks.push({
    name: 'no answer is a 500: a fault answers 503 with Retry-After',
    pass: internal.length === 0,
    detail: `responses ≥ 500: ${serverErrorsOf(input.statuses).map(([k, n]) => `${k} × ${n}`).join(', ') || 'none'}`,
    examples: internal.map(([k, n]) => `${k} × ${n} (the services' logs name the error: "rpc failed unexpectedly")`),
  });

  // 8. A service that dies on its own under these faults is a fault of its own.
  checks.push({
    name: 'no service exited unless the suite stopped it',
    pass: input.unplannedExits.length === 0,
    detail: `${input.unplannedExits.length} unplanned exits`,
    examples: input.unplannedExits.slice(0, EXAMPLES),
  });

  // The timelines of a few sagas named by failed checks: what each service did, in order.
  const named = new Set<string>();
  for (const c of checks.filter((c) => !c.pass)) for (const e of c.examples) for (const id of e.match(/saga ([0-9a-f-]{36})/g) ?? []) named.add(id.slice(5));
  for (const c of checks.filter((c) => !c.pass)) {
    const ids = [...named].filter((id) => c.examples.some((e) => e.includes(id))).slice(0, 3);
    for (const id of ids) c.examples.push(`  timeline of saga ${id}: ${await timelineOf(s.gatewayOrigin, input.adminToken, id)}`);
  }

  return {
    checks,
    facts: {
      sagas: sagas.length,
      completed: completed.length,
      failed: sagas.filter((h) => h.status === 'FAILED').length,
      open: open.length,
      soldSeats: soldSeats.size,
      parked: sum(depths.parked),
    },
  };
}

const sum = (list: [string, number][]) => list.reduce((n, [, d]) => n + d, 0);

async function timelineOf(origin: string, adminToken: string, sagaId: string): Promise<string> {
  try {
    const response = await fetch(`${origin}/api/v1/admin/sagas/${sagaId}`, { headers: { 'x-admin-token': adminToken }, signal: AbortSignal.timeout(10_000) });
    if (!response.ok) return `GET /admin/sagas answered ${response.status}`;
    const body = (await response.json()) as { status: string; steps: { step: string; service: string; at: string; outcome: string; detail: string }[] };
    return `${body.status}; ${body.steps.map((st) => `${st.at.slice(11, 23)} ${st.service} ${st.step} ${st.outcome}${st.detail ? ` (${st.detail})` : ''}`).join(' → ')}`;
  } catch (error) {
    return `unreadable (${(error as Error).message})`;
  }
}

/** Up to `max` messages of a parking queue, read and put back (the channel closes without acking them). */
async function peek(url: string, queue: string, max: number): Promise<string[]> {
  const connection = await amqp.connect(url);
  try {
    const channel = await connection.createChannel();
    const lines: string[] = [];
    for (let i = 0; i < max; i++) {
      const message = await channel.get(queue, { noAck: false });
      if (!message) break;
      const h = message.properties.headers ?? {};
      lines.push(`  parked in ${queue}: ${message.properties.type ?? '?'} saga ${h['x-saga-id'] ?? '?'} message ${message.properties.messageId ?? '?'} — ${String(h['x-parked-reason'] ?? '').slice(0, 120)}`);
    }
    await channel.close();
    return lines;
  } finally {
    await connection.close();
  }
}
