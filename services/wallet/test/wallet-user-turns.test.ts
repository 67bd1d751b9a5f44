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

const charge = (userId: string, timeoutMs: number) =>
  codeOf(callUnary(wallet.client, wallet.client.charge, { userId, amount: 1, idempotencyKey: '' }, { timeoutMs }));
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
    expect(ok).toBeGreaterThan(200);
    expect(await chargedCount(userId)).toBe(ok);
    expect(await rpc(wallet.client).balance(userId)).toBe(ok);
  });

  it('drops the queued charges whose callers stopped waiting, instead of applying them for nobody', async () => {
    const userId = await rpc(wallet.client).createUser();
    const outcomes = await Promise.all(Array.from({ length: 190 }, () => charge(userId, 50)));
    const ok = outcomes.filter((o) => o === 'OK').length;
    const applied = await settledCount(userId);
    // Each charge is a store round trip: nowhere near 190 fit in 50 ms, and the rest never ran.
    expect(applied).toBeLessThan(150);
    expect(applied).toBeGreaterThanOrEqual(ok);
    expect(await rpc(wallet.client).balance(userId)).toBe(applied);
  });
});
