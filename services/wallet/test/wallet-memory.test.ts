import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { isolatedMongoUrl } from '@concert/testing';
import { codeOf, rpc, startInstance, type Instance } from './wallet-harness';

// Two instances on one real FerretDB database, as two replicas: what one keeps in memory must never
// hide what the other wrote for longer than the balance freshness bound.
const FRESH_MS = 400;
let a: Instance;
let b: Instance;
let db: mongoose.Connection;

beforeAll(async () => {
  const MONGO_URL = await isolatedMongoUrl('wallet_memory');
  const config = { GRPC_PORT: 0, MONGO_URL, AMQP_URL: 'amqp://unused:5672', LOG_LEVEL: 'silent', BALANCE_FRESH_MS: FRESH_MS } as const;
  [a, b] = await Promise.all([startInstance(config), startInstance(config)]);
  db = await mongoose.createConnection(MONGO_URL).asPromise();
});

afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await db?.dropDatabase();
  await db?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('user lookups', () => {
  it('a user this instance created is found with no store command, however often', async () => {
    const userId = await rpc(a.client).createUser();
    const answers = await a.during(() => Promise.all(Array.from({ length: 50 }, () => rpc(a.client).getUser(userId))));
    expect(answers).toEqual([]);
    const ledgerCreatedAt = (await db.collection('ledger').findOne({ userId, version: 0 }))!.createdAt as Date;
    expect(await rpc(a.client).getUser(userId)).toEqual({ userId, createdAt: ledgerCreatedAt.toISOString(), userKey: '' });
  });

  it('an unknown id answers USER_NOT_FOUND and is asked of the store each time', async () => {
    const nobody = randomUUID();
    const commands = await a.during(async () => {
      expect(await codeOf(rpc(a.client).getUser(nobody))).toBe('USER_NOT_FOUND');
      expect(await codeOf(rpc(a.client).getUser(nobody))).toBe('USER_NOT_FOUND');
    });
    expect(commands.map((c) => c.name)).toEqual(['find', 'find']);
  });

  it('a user created by the other instance is found (one shared query for concurrent lookups), then from memory', async () => {
    const userId = await rpc(b.client).createUser();
    const first = await a.during(() => Promise.all(Array.from({ length: 20 }, () => rpc(a.client).getUser(userId))));
    expect(first.map((c) => c.name)).toEqual(['find']);
    expect(await a.during(() => rpc(a.client).getUser(userId))).toEqual([]);
  });
});

describe('balances', () => {
  it('a fan\'s read is always the stored balance; an advisory read (the payment pre-check) may be FRESH_MS behind', async () => {
    const userId = await rpc(a.client).createUser();
    await rpc(a.client).charge(userId, 10);
    // Its own write is fresh: an advisory read is answered from memory, and exact.
    const own = await a.during(async () => expect(await rpc(a.client).balance(userId, true)).toBe(10));
    expect(own).toEqual([]);
    // A fan's read asks the store, once.
    const fan = await a.during(async () => expect(await rpc(a.client).balance(userId)).toBe(10));
    expect(fan.map((c) => c.name)).toEqual(['find']);

    await rpc(b.client).charge(userId, 5);
    expect(await rpc(a.client).balance(userId)).toBe(15);
    await rpc(b.client).charge(userId, 1);
    // Instance a may still answer an advisory read from its head of at most FRESH_MS ago, or have read.
    expect([15, 16]).toContain(await rpc(a.client).balance(userId, true));
    await sleep(FRESH_MS + 50);
    expect(await rpc(a.client).balance(userId, true)).toBe(16);

    // a's head is stale (the store has a newer version): its next charge loses the insert, reads, and lands right.
    await rpc(b.client).charge(userId, 1);
    expect((await rpc(a.client).charge(userId, 1)).balance).toBe(18);
    expect(await rpc(b.client).balance(userId)).toBe(18);
  });

  it('100 concurrent charges through both instances plus a debit keep the money exact', async () => {
    const userId = await rpc(a.client).createUser();
    const debitId = randomUUID();
    await Promise.all([
      ...Array.from({ length: 100 }, (_, i) => rpc(i % 2 ? a.client : b.client).charge(userId, 3)),
      (async () => {
        await sleep(50);
        // The debit may land before some charges: it is covered or recorded as rejected, never negative.
        await codeOf(rpc(a.client).debit(userId, 30, debitId));
      })(),
    ]);
    const ledger = await db.collection('ledger').find({ userId }).sort({ version: 1 }).toArray();
    expect(ledger.map((r) => r.version)).toEqual(Array.from({ length: 102 }, (_, i) => i));
    const debited = ledger.find((r) => r.commandId === `debit:${debitId}`)!;
    const expected = 300 - (debited.kind === 'DEBITED' ? 30 : 0);
    expect(ledger.at(-1)!.balance).toBe(expected);
    let balance = 0;
    for (const r of ledger) {
      balance += r.kind === 'CHARGED' ? r.amount : r.kind === 'DEBITED' ? -r.amount : 0;
      expect(r.balance).toBe(balance);
    }
    await sleep(FRESH_MS + 50);
    expect(await rpc(a.client).balance(userId)).toBe(expected);
    expect(await rpc(b.client).balance(userId)).toBe(expected);
  });
});
