/**
 * Demo data for a local run: the concert catalog (through the concert service's own seeding) and three
 * users with known UUIDs, user keys and balances (through the wallet service's gRPC API). Safe to run
 * again: users are created with fixed ids and keys, and the top-ups carry idempotency keys.
 *
 * The demo keys are public (they are in the README): they stand in for the secret POST /users answers
 * once, so that the README's curl lines work as written. Only this local demo ever sets them.
 */
import { callUnary, createClient } from '@concert/grpc-kit';
import { loadWalletProto } from '@concert/protos';
import { seedDemoCatalog } from '../../services/concert/src/seed';

export const DEMO_USERS = [
  { name: 'alice', userId: '11111111-1111-4111-8111-111111111111', userKey: 'demo-user-key-alice', balance: 500_000 },
  { name: 'bob', userId: '22222222-2222-4222-8222-222222222222', userKey: 'demo-user-key-bob', balance: 200_000 },
  { name: 'carol', userId: '33333333-3333-4333-8333-333333333333', userKey: 'demo-user-key-carol', balance: 50_000 },
];

async function seedUsers(walletAddress: string) {
  const Wallet = loadWalletProto().wallet.v1.WalletService;
  const wallet = createClient(Wallet, walletAddress);
  const timeout = { timeoutMs: 5_000 };
  try {
    const users = [];
    for (const user of DEMO_USERS) {
      await callUnary(wallet, wallet.createUser, { userId: user.userId, userKey: user.userKey }, timeout);
      // A user seeded by an older version has no key (a key never changes once a user exists).
      await callUnary(wallet, wallet.verifyUserKey, { userId: user.userId, userKey: user.userKey }, timeout).catch((error: { code?: string }) => {
        if (error.code !== 'INVALID_USER_KEY') throw error;
        throw new Error(`demo user ${user.name} exists without its demo key (seeded before user keys): drop the local "wallet" database and start again`);
      });
      await callUnary(wallet, wallet.charge, { userId: user.userId, amount: user.balance, idempotencyKey: `demo-top-up-${user.name}` }, timeout);
      const { balance } = await callUnary(wallet, wallet.getBalance, { userId: user.userId }, timeout);
      users.push({ name: user.name, UUID: user.userId, 'X-User-Key': user.userKey, balance });
    }
    return users;
  } finally {
    wallet.close();
  }
}

export async function seedDemoData(walletAddress: string) {
  const catalog = await seedDemoCatalog(process.env.CONCERT_MONGO_URL ?? 'mongodb://127.0.0.1:27017/concert');
  const users = await seedUsers(walletAddress);
  return { users, concerts: catalog.map((c) => `${c.concertCode} (${c.concertDates.length} dates)`) };
}
