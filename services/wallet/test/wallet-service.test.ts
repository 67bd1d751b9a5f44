import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { callUnary, createClient } from '@concert/grpc-kit';
import { withCorrelation } from '@concert/logger';
import { loadWalletProto } from '@concert/protos';
import type { WalletServiceClient } from '@concert/protos/generated/wallet/v1/WalletService';
import { isolatedMongoUrl } from '@concert/testing';
import { start, type WalletHandle } from '../src/main';

// The real wallet service in-process on port 0, against the real MongoDB-wire server (FerretDB here).
// Two instances share the database: each serializes a user's commands in-process, so the races below
// alternate between them to make the unique indexes settle real conflicts.
let mongoUrl: string;
let wallet: WalletHandle;
let other: WalletHandle;
let client: WalletServiceClient;
let otherClient: WalletServiceClient;
let db: mongoose.Connection;
const options = { timeoutMs: 20_000 };

beforeAll(async () => {
  mongoUrl = await isolatedMongoUrl('wallet_test');
  const config = { GRPC_PORT: 0, MONGO_URL: mongoUrl, AMQP_URL: 'amqp://unused:5672', LOG_LEVEL: 'silent' } as const;
  wallet = await start(config);
  other = await start(config);
  const Service = loadWalletProto().wallet.v1.WalletService;
  client = createClient(Service, `127.0.0.1:${wallet.grpcPort}`);
  otherClient = createClient(Service, `127.0.0.1:${other.grpcPort}`);
  db = await mongoose.createConnection(mongoUrl).asPromise();
});

afterAll(async () => {
  client?.close();
  otherClient?.close();
  await wallet?.stop();
  await other?.stop();
  await db?.dropDatabase();
  await db?.close();
});

const createUser = async () => (await callUnary(client, client.createUser, {}, options)).userId;
const balanceOf = async (userId: string) => (await callUnary(client, client.getBalance, { userId }, options)).balance;
/** Every other call goes to the second instance. */
let calls = 0;
const next = () => (calls++ % 2 === 0 ? client : otherClient);
const charge = (userId: string, amount: number, idempotencyKey = '', c = next()) => callUnary(c, c.charge, { userId, amount, idempotencyKey }, options);
const debit = (userId: string, amount: number, commandId: string, sagaId = 'saga-t', c = next()) =>
  callUnary(c, c.debit, { userId, amount, commandId, sagaId }, options);
const refund = (userId: string, amount: number, commandId: string, sagaId = 'saga-t', c = next()) =>
  callUnary(c, c.refund, { userId, amount, commandId, sagaId }, options);
const codeOf = (promise: Promise<unknown>) => promise.then(() => 'OK', (error: { code?: string }) => error.code);
const ledgerOf = (userId: string) => db.collection('ledger').find({ userId }).sort({ version: 1 }).toArray();

describe('wallet service (gRPC, real store)', () => {
  it('creates a user with a zero balance, and an explicit id idempotently', async () => {
    const userId = await createUser();
    expect(await balanceOf(userId)).toBe(0);
    const fixed = randomUUID();
    const first = await callUnary(client, client.createUser, { userId: fixed }, options);
    const again = await callUnary(client, client.createUser, { userId: fixed.toUpperCase() }, options);
    // The key is shown once: to the call that created the user, never to a repeat or a lookup.
    expect(first.userKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(again).toEqual({ ...first, userKey: '' });
    expect(await callUnary(client, client.getUser, { userId: fixed }, options)).toEqual({ ...first, userKey: '' });
    expect(await ledgerOf(fixed)).toHaveLength(1);
    expect(await codeOf(callUnary(client, client.createUser, { userId: 'not-a-uuid' }, options))).toBe('VALIDATION_FAILED');
  });

  it('answers USER_NOT_FOUND for a user that does not exist', async () => {
    const nobody = randomUUID();
    expect(await codeOf(balanceOf(nobody))).toBe('USER_NOT_FOUND');
    expect(await codeOf(callUnary(client, client.getUser, { userId: nobody }, options))).toBe('USER_NOT_FOUND');
    expect(await codeOf(charge(nobody, 10))).toBe('USER_NOT_FOUND');
    expect(await codeOf(debit(nobody, 10, randomUUID()))).toBe('USER_NOT_FOUND');
  });

  it('rejects amounts outside 1..10,000,000 with INVALID_AMOUNT', async () => {
    const userId = await createUser();
    for (const amount of [0, -1, 10_000_001]) expect(await codeOf(charge(userId, amount))).toBe('INVALID_AMOUNT');
    expect((await charge(userId, 10_000_000)).balance).toBe(10_000_000);
    expect(await codeOf(debit(userId, 0, randomUUID()))).toBe('INVALID_AMOUNT');
  });

  it('100 parallel charges of 1 give exactly 100, as 100 contiguous versions', async () => {
    const userId = await createUser();
    await Promise.all(Array.from({ length: 100 }, () => charge(userId, 1)));
    expect(await balanceOf(userId)).toBe(100);
    const ledger = await ledgerOf(userId);
    expect(ledger.map((r) => r.version)).toEqual(Array.from({ length: 101 }, (_, i) => i));
    expect(ledger.map((r) => r.balance)).toEqual(Array.from({ length: 101 }, (_, i) => i));
  });

  it('a replayed idempotency key charges once and answers the first balance, even when racing', async () => {
    const userId = await createUser();
    await charge(userId, 5);
    const answers = await Promise.all(Array.from({ length: 20 }, () => charge(userId, 100, 'key-1')));
    expect(new Set(answers.map((a) => a.balance))).toEqual(new Set([105]));
    await charge(userId, 1);
    expect((await charge(userId, 100, 'key-1')).balance).toBe(105);
    expect(await balanceOf(userId)).toBe(106);
    expect(await codeOf(charge(userId, 99, 'key-1'))).toBe('IDEMPOTENCY_KEY_REUSED');
    const charged = (await ledgerOf(userId)).filter((r) => r.kind === 'CHARGED');
    expect(charged.map((r) => r.amount)).toEqual([5, 100, 1]);
  });

  it('concurrent debits never drive the balance negative: 50 of 100 debits of 1 are rejected, and recorded', async () => {
    const userId = await createUser();
    await charge(userId, 50);
    const outcomes = await Promise.all(Array.from({ length: 100 }, (_, i) => codeOf(debit(userId, 1, `cmd-${userId}-${i}`))));
    expect(outcomes.filter((c) => c === 'OK')).toHaveLength(50);
    expect(outcomes.filter((c) => c === 'INSUFFICIENT_BALANCE')).toHaveLength(50);
    expect(await balanceOf(userId)).toBe(0);
    const ledger = await ledgerOf(userId);
    expect(ledger.filter((r) => r.kind === 'DEBITED')).toHaveLength(50);
    expect(ledger.filter((r) => r.kind === 'DEBIT_REJECTED')).toHaveLength(50);
    expect(ledger.every((r) => r.balance >= 0)).toBe(true);
  });

  it('a debit and a refund replayed apply once and answer the first entry', async () => {
    const userId = await createUser();
    await charge(userId, 1_000);
    const debitId = randomUUID();
    const debits = await Promise.all(Array.from({ length: 10 }, () => debit(userId, 300, debitId, 'saga-1')));
    expect(new Set(debits.map((d) => JSON.stringify(d))).size).toBe(1);
    expect(debits[0]).toMatchObject({ userId, kind: 'DEBITED', amount: 300, balance: 700, commandId: debitId });

    const refundId = randomUUID();
    const first = await refund(userId, 300, refundId, 'saga-1');
    expect(await refund(userId, 300, refundId, 'saga-1')).toEqual(first);
    expect(first).toMatchObject({ kind: 'REFUNDED', balance: 1_000 });
    // The same command id under the other operation is a different command, not a replay.
    expect(await codeOf(debit(userId, 999, debitId, 'saga-1'))).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await balanceOf(userId)).toBe(1_000);
    expect((await ledgerOf(userId)).map((r) => r.kind)).toEqual(['OPENED', 'CHARGED', 'DEBITED', 'REFUNDED']);
  });

  it('a rejected debit stays rejected when replayed after a top-up', async () => {
    const userId = await createUser();
    const commandId = randomUUID();
    expect(await codeOf(debit(userId, 500, commandId))).toBe('INSUFFICIENT_BALANCE');
    await charge(userId, 1_000);
    expect(await codeOf(debit(userId, 500, commandId))).toBe('INSUFFICIENT_BALANCE');
    expect(await balanceOf(userId)).toBe(1_000);
  });

  it('saga records carry sagaId and the caller request id; every record has a commandId', async () => {
    const userId = await createUser();
    await charge(userId, 100);
    await withCorrelation({ requestId: 'req-for-debit' }, () => debit(userId, 40, randomUUID(), 'saga-42'));
    const ledger = await ledgerOf(userId);
    expect(ledger.every((r) => typeof r.commandId === 'string' && r.commandId.length > 0)).toBe(true);
    expect(ledger[2]).toMatchObject({ kind: 'DEBITED', sagaId: 'saga-42', correlationId: 'req-for-debit' });
    expect(ledger[2]!.createdAt).toBeInstanceOf(Date);
    expect(ledger[1]).not.toHaveProperty('sagaId');
  });
});
