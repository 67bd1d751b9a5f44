import mongoose from 'mongoose';
import { callUnary } from '@concert/grpc-kit';
import { isolatedMongoUrl } from '@concert/testing';
import { codeOf, rpc, startInstance, type Instance } from './wallet-harness';

// One user's commands queue in one wallet process, bounded (DEFAULT_USER_TURNS: 200 waiting): a flood is
// refused with the retryable SERVICE_BUSY, and a command whose caller has stopped waiting is dropped
// instead of applied. Real gRPC, real store; money stays exact throughout.
let wallet: Instance;
let db: mongoose.Connection;

beforeAll(async () => {
  const MONGO_URL = await isolatedMongoUrl('wallet_turns');
  wallet = await startInstance({ GRPC_PORT: 0, MONGO_URL, AMQP_URL: 'amqp://unused:5672', LOG_LEVEL: 'silent' });
  db = await mongoose.createConnection(MONGO_URL).asPromise();
});

afterAll(async () => {
  await wallet?.stop();
  await db?.dropDatabase();
  await db?.close();
});

const charge = (userId: string, timeoutMs: number, amount = 1) =>
  codeOf(callUnary(wallet.client, wallet.client.charge, { userId, amount, idempotencyKey: '' }, { timeoutMs }));
const chargedCount = (userId: string) => db.collection('ledger').countDocuments({ userId, kind: 'CHARGED' });

/** Until the count stops moving: commands a caller gave up on may still be finishing. */
async function settledCount(userId: string): Promise<number> {
  let last = -1;
  for (;;) {
    await new Promise((r) => setTimeout(r, 300));
    const now = await chargedCount(userId);
    if (now === last) return now;
    last = now;
  }
}

describe('a user’s commands in one wallet process', () => {
  it('1,000 concurrent charges of one user: a bounded queue, the rest refused SERVICE_BUSY, money exact', async () => {
    const userId = await rpc(wallet.client).createUser();
    const outcomes = await Promise.all(Array.from({ length: 1_000 }, () => charge(userId, 30_000)));
    const ok = outcomes.filter((o) => o === 'OK').length;
    const busy = outcomes.filter((o) => o === 'SERVICE_BUSY').length;
    expect(ok + busy).toBe(1_000);
    expect(busy).toBeGreaterThan(0);
    expect(ok).toBeGreaterThan(0);
    expect(await chargedCount(userId)).toBe(ok);
    expect(await rpc(wallet.client).balance(userId)).toBe(ok);
  });

  it('drops the queued charges whose callers stopped waiting, instead of applying them for nobody', async () => {
    const userId = await rpc(wallet.client).createUser();
    // 150 patient charges of 1 first, then 50 of 1,000 whose callers wait 50 ms: those queue behind
    // 150 store round trips, so their callers are gone before their turn.
    const patient = Array.from({ length: 150 }, () => charge(userId, 30_000));
    const hasty = Array.from({ length: 50 }, () => charge(userId, 50, 1_000));
    const [patientOutcomes, hastyOutcomes] = await Promise.all([Promise.all(patient), Promise.all(hasty)]);
    expect(patientOutcomes.every((o) => o === 'OK')).toBe(true);
    expect(hastyOutcomes.every((o) => o !== 'OK')).toBe(true);
    await settledCount(userId);
    const ledger = db.collection('ledger');
    expect(await ledger.countDocuments({ userId, kind: 'CHARGED', amount: 1_000 })).toBe(0);
    expect(await ledger.countDocuments({ userId, kind: 'CHARGED', amount: 1 })).toBe(150);
    expect(await rpc(wallet.client).balance(userId)).toBe(150);
  });
});
