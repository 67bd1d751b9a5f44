/**
 * The end-of-run checks, from the services' own databases (there is no API for "who bought what") and
 * from the API for balances.
 */
import { MongoClient, type Db } from 'mongodb';
import type { FanAccount, FanResult } from './fan';
import type { Http } from './http';
import { forEachLimited } from './setup';
import { mongoUrl, type Settings } from './settings';

export interface CheckResult {
  name: string;
  pass: boolean;
  detail: string;
}

export interface SagaHead {
  sagaId: string;
  status: string;
  userId: string;
  amount: number;
  seatKey: string;
  open: boolean;
  step: string;
  debit: string;
  refund: string;
  reason: string | null;
}

export interface SeatRecordRow {
  seatId: string;
  version: number;
  type: string;
  concertDate: string;
  seatNumber: number;
  sagaId: string;
}

export const seatKey = (concertDate: string, seatNumber: number) => `${new Date(concertDate).toISOString()}#${seatNumber}`;

export async function readSagaHeads(db: Db): Promise<SagaHead[]> {
  const heads = new Map<string, { version: number; row: SagaHead }>();
  const cursor = db.collection('saga_events').find({}, { projection: { _id: 0, sagaId: 1, version: 1, state: 1 } });
  for await (const doc of cursor) {
    const prior = heads.get(doc.sagaId);
    if (prior && prior.version >= doc.version) continue;
    const st = doc.state ?? {};
    heads.set(doc.sagaId, {
      version: doc.version,
      row: {
        sagaId: doc.sagaId,
        status: String(st.status),
        userId: String(st.userId),
        amount: Number(st.amount),
        seatKey: st.concertDate ? seatKey(st.concertDate instanceof Date ? st.concertDate.toISOString() : String(st.concertDate), Number(st.seatNumber)) : '',
        open: st.status === 'PENDING' || st.refund === 'REQUESTED',
        step: String(st.step),
        debit: String(st.debit),
        refund: String(st.refund),
        reason: st.reason ?? null,
      },
    });
  }
  return [...heads.values()].map((h) => h.row);
}

export async function readSeatStreams(db: Db, concertCode: string): Promise<Map<string, SeatRecordRow[]>> {
  const streams = new Map<string, SeatRecordRow[]>();
  const collections = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).filter((n) => n.startsWith(`seats_${concertCode}_`));
  for (const name of collections) {
    const rows = await db
      .collection(name)
      .find({ type: { $exists: true } }, { projection: { _id: 0, seatId: 1, version: 1, type: 1, concertDate: 1, seatNumber: 1, sagaId: 1 } })
      .toArray();
    for (const row of rows as unknown as SeatRecordRow[]) {
      const list = streams.get(row.seatId) ?? [];
      list.push(row);
      streams.set(row.seatId, list);
    }
  }
  for (const list of streams.values()) list.sort((a, b) => a.version - b.version);
  return streams;
}

/** Sagas still running (fans that gave up at the rush timeout, compensations under way) finish first. */
export async function waitForSagasToSettle(s: Settings, timeoutMs: number): Promise<number> {
  const client = await MongoClient.connect(mongoUrl(s, s.databases.payment), { directConnection: true });
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const open = (await readSagaHeads(client.db(s.databases.payment))).filter((h) => h.open).length;
      if (open === 0 || Date.now() > deadline) return open;
      await new Promise((r) => setTimeout(r, 2_000));
    }
  } finally {
    await client.close();
  }
}

export async function runChecks(
  s: Settings,
  concertCode: string,
  fans: FanAccount[],
  results: FanResult[],
  http: Http,
  serverErrors: () => number,
): Promise<{ checks: CheckResult[]; facts: Record<string, number> }> {
  const client = await MongoClient.connect(s.mongoBase, { directConnection: true });
  let sagas: SagaHead[];
  let streams: Map<string, SeatRecordRow[]>;
  try {
    sagas = await readSagaHeads(client.db(s.databases.payment));
    streams = await readSeatStreams(client.db(s.databases.concert), concertCode);
  } finally {
    await client.close();
  }
  const checks: CheckResult[] = [];
  const completed = sagas.filter((h) => h.status === 'COMPLETED');

  // 1. Every seat sold at most once: no seat has two completed payments, and no seat stream has two
  //    SOLD records without a RELEASED between them.
  const completedPerSeat = new Map<string, number>();
  for (const saga of completed) completedPerSeat.set(saga.seatKey, (completedPerSeat.get(saga.seatKey) ?? 0) + 1);
  const twicePaid = [...completedPerSeat].filter(([, n]) => n > 1).map(([k]) => k);
  const soldHeads = new Set<string>();
  const twiceSold: string[] = [];
  for (const [seatId, records] of streams) {
    let sold = false;
    for (const r of records) {
      if (r.type === 'SOLD') {
        if (sold) twiceSold.push(seatId);
        sold = true;
      } else if (r.type === 'RELEASED') sold = false;
    }
    const head = records[records.length - 1]!;
    if (head.type === 'SOLD') soldHeads.add(seatKey(head.concertDate, head.seatNumber));
  }
  checks.push({
    name: 'every seat sold at most once',
    pass: twicePaid.length === 0 && twiceSold.length === 0,
    detail: `${soldHeads.size} seats sold of ${s.seats}; seats with >1 completed payment: ${twicePaid.length}; seat streams sold twice without release: ${twiceSold.length}`,
  });

  // 2. Sold seats = completed payments (same count and same seats).
  const completedSeats = new Set(completed.map((c) => c.seatKey));
  const soldNotPaid = [...soldHeads].filter((k) => !completedSeats.has(k)).length;
  const paidNotSold = [...completedSeats].filter((k) => !soldHeads.has(k)).length;
  const clientPurchases = results.filter((r) => r.outcome === 'bought').length;
  checks.push({
    name: 'sold seats = completed payments',
    pass: soldHeads.size === completed.length && soldNotPaid === 0 && paidNotSold === 0,
    detail: `sold seats ${soldHeads.size}, completed sagas ${completed.length} (fans who saw COMPLETED: ${clientPurchases}); sold without a completed payment: ${soldNotPaid}, paid but not sold: ${paidNotSold}`,
  });

  // 3. Every fan's balance = charged − paid (as the client saw it), cross-checked with the sagas.
  const sagaPaid = new Map<string, number>();
  for (const c of completed) sagaPaid.set(c.userId, (sagaPaid.get(c.userId) ?? 0) + c.amount);
  let drift = 0;
  let clientVsSaga = 0;
  let unreadable = 0;
  let totalDrift = 0;
  await forEachLimited(fans, s.setupConcurrency, async (fan, i) => {
    const answer = await http.call('4-1 balance', 'GET', `/api/v1/users/${fan.userId}/balance`, {
      headers: fan.userKey ? { 'x-user-key': fan.userKey } : {},
      retries: 5,
    });
    const paidByClient = results[i]!.paid;
    if (paidByClient !== (sagaPaid.get(fan.userId) ?? 0)) clientVsSaga++;
    if (answer.status !== 200) {
      unreadable++;
      return;
    }
    const expected = fan.charged - paidByClient;
    if (answer.body.balance !== expected) {
      drift++;
      totalDrift += Number(answer.body.balance) - expected;
    }
  });
  checks.push({
    name: 'every balance = charged − paid',
    pass: drift === 0 && clientVsSaga === 0 && unreadable === 0,
    detail: `fans with balance ≠ charged − paid-as-seen: ${drift} (sum of differences ${totalDrift} KRW); fans whose seen payments ≠ their completed sagas: ${clientVsSaga}; balances unreadable: ${unreadable}`,
  });

  // 4. No response ≥ 500 anywhere in the run.
  const errors = serverErrors();
  checks.push({ name: '0 responses ≥ 500', pass: errors === 0, detail: `${errors} responses ≥ 500 (set-up, rush and checks)` });

  return {
    checks,
    facts: {
      soldSeats: soldHeads.size,
      completedSagas: completed.length,
      failedSagas: sagas.filter((h) => h.status === 'FAILED').length,
      openSagas: sagas.filter((h) => h.open).length,
      clientPurchases,
    },
  };
}
