import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { callUnary } from '@concert/grpc-kit';
import { isolatedMongoUrl } from '@concert/testing';
import { codeOf, rpc, rpcOptions, startInstance, type Instance } from './wallet-harness';

// User keys on the real store, through two instances (two replicas): made on creation, stored only as
// a hash, verified from memory once an instance has seen the user.
let a: Instance;
let b: Instance;
let db: mongoose.Connection;

beforeAll(async () => {
  const MONGO_URL = await isolatedMongoUrl('wallet_user_keys');
  const config = { GRPC_PORT: 0, MONGO_URL, AMQP_URL: 'amqp://unused:5672', LOG_LEVEL: 'silent' } as const;
  [a, b] = await Promise.all([startInstance(config), startInstance(config)]);
  db = await mongoose.createConnection(MONGO_URL).asPromise();
});

afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await db?.dropDatabase();
  await db?.close();
});

const create = (i: Instance, userId = '', userKey = '') => callUnary(i.client, i.client.createUser, { userId, userKey }, rpcOptions);
const verify = (i: Instance, userId: string, userKey: string) => callUnary(i.client, i.client.verifyUserKey, { userId, userKey }, rpcOptions);

describe('user keys', () => {
  it('a new user gets a 256-bit key, shown once and stored only as its hash', async () => {
    const user = await create(a);
    expect(user.userKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const opening = await db.collection('ledger').findOne({ userId: user.userId, version: 0 });
    expect(opening!.keyHash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(opening)).not.toContain(user.userKey);
    // Nothing else answers the key again.
    expect(JSON.stringify(await rpc(a.client).getUser(user.userId))).not.toContain(user.userKey);
    const second = await create(a);
    expect(second.userKey).not.toBe(user.userKey);
  });

  it('verifies the right key; a wrong, empty or another user\'s key is INVALID_USER_KEY; an unknown user USER_NOT_FOUND', async () => {
    const fan = await create(a);
    const stranger = await create(a);
    await expect(verify(a, fan.userId, fan.userKey)).resolves.toMatchObject({ userId: fan.userId });
    expect(await codeOf(verify(a, fan.userId, stranger.userKey))).toBe('INVALID_USER_KEY');
    expect(await codeOf(verify(a, fan.userId, `${fan.userKey}x`))).toBe('INVALID_USER_KEY');
    expect(await codeOf(verify(a, fan.userId, ''))).toBe('INVALID_USER_KEY');
    // An unknown user is told first, whatever the key.
    expect(await codeOf(verify(a, randomUUID(), fan.userKey))).toBe('USER_NOT_FOUND');
  });

  it('a user created by the other instance is verified with one store read, then from memory', async () => {
    const fan = await create(b);
    const first = await a.during(() => Promise.all(Array.from({ length: 10 }, () => verify(a, fan.userId, fan.userKey))));
    expect(first.map((c) => c.name)).toEqual(['find']);
    const later = await a.during(async () => {
      await verify(a, fan.userId, fan.userKey);
      expect(await codeOf(verify(a, fan.userId, 'wrong-key-wrong-key'))).toBe('INVALID_USER_KEY');
    });
    expect(later).toEqual([]);
  });

  it('demo data: a fixed id and key; a repeat answers the same user without a key, and the key still works', async () => {
    const userId = randomUUID();
    const key = 'demo-key-for-a-test-user';
    expect(await create(a, userId, key)).toMatchObject({ userId, userKey: key });
    expect(await create(b, userId, 'another-demo-key-entirely')).toMatchObject({ userId, userKey: '' });
    await expect(verify(b, userId, key)).resolves.toMatchObject({ userId });
    expect(await codeOf(verify(b, userId, 'another-demo-key-entirely'))).toBe('INVALID_USER_KEY');
    expect(await codeOf(create(a, randomUUID(), 'short'))).toBe('VALIDATION_FAILED');
  });
});
