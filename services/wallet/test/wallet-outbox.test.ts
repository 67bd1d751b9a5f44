import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { AmqpBroker, newEnvelope, SAGA_MESSAGES, sagaNames, sagaTopology, type MessageEnvelope, type WalletOutcome } from '@concert/amqp-kit';
import { createLogger } from '@concert/logger';
import { isolatedMongoUrl, serverUrl, uniqueName } from '@concert/testing';
import { ledgerModel } from '../src/infrastructure/ledger.repository';
import { LedgerOutboxSource } from '../src/infrastructure/outbox-relay';
import { isOutboxPoll, rpc, startInstance, type Instance } from './wallet-harness';

// The saga side on the real RabbitMQ and FerretDB: debit commands in, outcomes out through the outbox.
const logger = createLogger('wallet-outbox-test', 'silent');
let namespace: string;
let wallet: Instance;
let broker: AmqpBroker;
let db: mongoose.Connection;
const replies: MessageEnvelope<WalletOutcome>[] = [];

/** A DEBITED record as the wallet wrote it before the outbox flag existed. */
const legacyRecord = (commandId: string) => ({
  userId: randomUUID(), version: 1, kind: 'DEBITED', amount: 5, balance: 0, commandId: `debit:${commandId}`,
  createdAt: new Date(), sagaId: 'saga-legacy', correlationId: null, publishedAt: null,
});

async function until<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  const MONGO_URL = await isolatedMongoUrl('wallet_outbox');
  const AMQP_URL = await serverUrl('amqp');
  namespace = uniqueName('wallet_outbox');
  db = await mongoose.createConnection(MONGO_URL).asPromise();
  await db.collection('ledger').insertOne(legacyRecord('legacy-1'));
  broker = await AmqpBroker.connect({ url: AMQP_URL, topology: sagaTopology(namespace), logger, connectionName: 'wallet-outbox-test' });
  await broker.consume(sagaNames(namespace).paymentReplies, async (envelope) => void replies.push(envelope as MessageEnvelope<WalletOutcome>));
  wallet = await startInstance({ GRPC_PORT: 0, MONGO_URL, AMQP_URL, AMQP_NAMESPACE: namespace, LOG_LEVEL: 'silent' });
});

afterAll(async () => {
  await wallet?.stop();
  await broker?.close();
  await db?.dropDatabase();
  await db?.close();
});

const ledger = () => db.collection('ledger');
const publishDebit = (userId: string, amount: number, commandId: string) =>
  broker.publish(sagaNames(namespace).exchange, SAGA_MESSAGES.debitWallet, newEnvelope({ type: SAGA_MESSAGES.debitWallet, sagaId: `saga-${commandId}`, requestId: '', payload: { commandId, userId, amount } }));

describe('wallet saga outcomes through the outbox (real RabbitMQ)', () => {
  it('publishes a record stored before the outbox flag existed, once, and marks it', async () => {
    const reply = await until(async () => replies.find((r) => r.payload.commandId === 'legacy-1'));
    expect(reply.type).toBe(SAGA_MESSAGES.walletDebited);
    const marked = await until(() => ledger().findOne({ commandId: 'debit:legacy-1', outbox: false }));
    expect(marked.publishedAt).toBeInstanceOf(Date);
  });

  it('one saga debit costs the wallet 1 insert and 1 outbox mark: no reads', async () => {
    const userId = await rpc(wallet.client).createUser();
    await rpc(wallet.client).charge(userId, 100);
    const commandId = randomUUID();
    const commands = await wallet.during(async () => {
      await publishDebit(userId, 40, commandId);
      await until(() => ledger().findOne({ commandId: `debit:${commandId}`, outbox: false }));
    });
    expect(commands.filter((c) => !isOutboxPoll(c)).map((c) => c.name)).toEqual(['insert', 'update']);
    const reply = await until(async () => replies.find((r) => r.payload.commandId === commandId));
    expect(reply).toMatchObject({ type: SAGA_MESSAGES.walletDebited, payload: { userId, amount: 40, balance: 60, reason: '' } });
  });

  it('a redelivered debit has no second effect and the ledger keeps its first record', async () => {
    const userId = await rpc(wallet.client).createUser();
    await rpc(wallet.client).charge(userId, 50);
    const commandId = randomUUID();
    await publishDebit(userId, 40, commandId);
    await until(() => ledger().findOne({ commandId: `debit:${commandId}`, outbox: false }));
    await publishDebit(userId, 40, commandId);
    // The gRPC replay of the same command answers the first record (the consumer ran the same use case).
    const again = await rpc(wallet.client).debit(userId, 40, commandId);
    expect(again).toMatchObject({ kind: 'DEBITED', balance: 10, version: 2 });
    expect(await ledger().countDocuments({ userId })).toBe(3);
    expect(replies.filter((r) => r.payload.commandId === commandId)).toHaveLength(1);
  });
});

describe('the outbox poll', () => {
  it('asks the store for {outbox: true} only, and finds the unpublished saga records, not the published ones', async () => {
    const url = await isolatedMongoUrl('wallet_poll');
    const conn = await mongoose.createConnection(url, { monitorCommands: true }).asPromise();
    try {
      const model = ledgerModel(conn);
      const waiting = { ...legacyRecord('waiting'), outbox: true };
      const published = { ...legacyRecord('published'), outbox: false, publishedAt: new Date() };
      const charged = { userId: randomUUID(), version: 1, kind: 'CHARGED', amount: 5, balance: 5, commandId: 'charge:x', createdAt: new Date() };
      await conn.collection('ledger').insertMany([waiting, published, charged]);
      const source = new LedgerOutboxSource(model, 'x.saga');
      const filters: unknown[] = [];
      conn.getClient().on('commandStarted', (e) => e.commandName === 'find' && filters.push(e.command.filter));
      expect((await source.unpublished(100)).map((e) => e.key)).toEqual(['debit:waiting']);
      expect(filters).toEqual([{ outbox: true }]);
      await source.markPublished(['debit:waiting']);
      expect(await source.unpublished(100)).toEqual([]);
    } finally {
      await conn.dropDatabase();
      await conn.close();
    }
  });
});
