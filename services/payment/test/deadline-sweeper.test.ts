import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { bootSystem, freePort, sagaEvents, type System } from './system';

const STUCK = 200;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A saga record as the payment service stores it: the first of its stream, opening the saga. */
function openingRecord(state: Record<string, unknown>, name: string, command: Record<string, unknown> | null) {
  const sagaId = state.sagaId as string;
  return {
    sagaId,
    version: 1,
    name,
    service: 'payment',
    outcome: 'OK',
    detail: 'stored by the test',
    at: new Date(),
    state,
    command,
    causationId: null,
    opener: 1,
    open: true,
    // The command was published long ago (or lost): only the sweeper can move this saga.
    outbox: false,
    publishedAt: command ? new Date() : null,
  };
}

function sagaState(overrides: Record<string, unknown> & { deadlineAt: Date }) {
  const sagaId = randomUUID();
  return {
    sagaId,
    paymentId: sagaId,
    userId: randomUUID(),
    concertCode: 'IU-2026',
    reservationId: randomUUID(),
    tokenId: randomUUID(),
    amount: 1_000,
    concertDate: '2026-12-24T19:00:00.000Z',
    seatNumber: 1,
    requestId: randomUUID(),
    requestKey: null,
    status: 'PENDING',
    step: 'EXPIRE_TOKEN',
    debit: 'DEBITED',
    refund: 'NONE',
    reason: null,
    balance: 0,
    attempts: 0,
    startedAt: new Date(Date.now() - 120_000),
    ...overrides,
  };
}

/**
 * 200 sagas wait on a queue service that hangs (it accepts connections and never answers): each
 * sweep that retries their token expiry meets a call that lasts its whole gRPC deadline (10 s here).
 * Another saga's deadline passes meanwhile; it is handled within a sweep or two, not after them.
 */
describe('deadline sweeper with a hung dependency', () => {
  let system: System;
  let hung: Server;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    const port = await freePort();
    hung = createServer((socket) => void sockets.push(socket.on('error', () => undefined)));
    await new Promise<void>((resolve) => hung.listen(port, '127.0.0.1', resolve));
    system = await bootSystem({ paymentEnv: { QUEUE_GRPC_ADDR: `127.0.0.1:${port}` } });
  }, 60_000);

  afterAll(async () => {
    await system?.stop();
    for (const s of sockets) s.destroy();
    await new Promise((r) => hung?.close(r));
  });

  it('200 sagas stuck on the hung queue service do not delay another saga; the most overdue go first; each retry moves its deadline', async () => {
    const events = system.paymentDb.collection('saga_events');
    // All come due within 100 ms of one instant, after they are stored (a sweep must not see half of
    // an insert), stored in no particular order of their deadlines: a sweep that sees some sees the
    // most overdue ones.
    const dueFrom = Date.now() + 3_000;
    const stuck = Array.from({ length: STUCK }, (_, i) => sagaState({ deadlineAt: new Date(dueFrom - ((i * 7919) % STUCK) * 0.5) }));
    await events.insertMany(stuck.map((s) => openingRecord(s, 'WALLET_DEBITED', null)));
    // Due after all of them, so the least overdue: a sweep that drained the stuck ones first would starve it.
    const otherDeadline = dueFrom + 1_000;
    const other = sagaState({ step: 'CONFIRM_SEAT', debit: 'NONE', balance: null, deadlineAt: new Date(otherDeadline) });
    const confirm = { type: 'concert.seat.confirm.v1', payload: { commandId: `${other.sagaId}:confirm-seat`, reservationId: other.reservationId }, messageId: randomUUID() };
    await events.insertOne(openingRecord(other, 'PAYMENT_STARTED', confirm));
    expect(Date.now()).toBeLessThan(dueFrom - 100);

    let handled: { name: string; at: Date } | undefined;
    for (const end = Date.now() + 25_000; !handled && Date.now() < end; await sleep(100)) {
      handled = (await sagaEvents(system, other.sagaId)).find((e) => e.version === 2) as typeof handled;
    }
    expect(handled).toBeDefined();
    // Sent again (never compensated), within about a sweep of its deadline.
    expect(handled!.name).toBe('CONFIRM_RESENT');
    expect(new Date(handled!.at).getTime() - otherDeadline).toBeLessThan(4_000);

    // Every stuck saga was visited: its token expiry retried and its deadline moved past the retry.
    for (let i = 0; i < 100 && (await events.countDocuments({ name: 'TOKEN_EXPIRY_RETRIED' })) < STUCK; i++) await sleep(100);
    const retries = await events.find({ name: 'TOKEN_EXPIRY_RETRIED' }).toArray();
    expect(retries).toHaveLength(STUCK);
    for (const r of retries) expect(new Date(r.state.deadlineAt).getTime()).toBeGreaterThan(new Date(r.at).getTime());
    // The most overdue first: the 16 most overdue were retried no later than the 16 least overdue.
    const byOverdue = [...stuck].sort((a, b) => a.deadlineAt.getTime() - b.deadlineAt.getTime()).map((s) => s.sagaId);
    const retriedAt = new Map(retries.map((r) => [r.sagaId as string, new Date(r.at).getTime()]));
    const first = byOverdue.slice(0, 16).map((id) => retriedAt.get(id)!);
    const last = byOverdue.slice(-16).map((id) => retriedAt.get(id)!);
    expect(Math.max(...first)).toBeLessThanOrEqual(Math.min(...last));
    // None was closed or compensated on a deadline: still waiting for the queue service.
    expect(await events.countDocuments({ 'state.status': { $ne: 'PENDING' }, sagaId: { $in: stuck.map((s) => s.sagaId) } })).toBe(0);
  }, 50_000);
});
