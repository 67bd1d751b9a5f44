import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { AmqpBroker, newEnvelope, SAGA_MESSAGES, sagaNames, sagaTopology, type MessageEnvelope, type WalletOutcome } from '@concert/amqp-kit';
import { createLogger } from '@concert/logger';
import { eventually, isolatedMongoUrl, serverUrl, uniqueName } from '@concert/testing';
import { rpc, startInstance, type Instance } from './wallet-harness';

// The saga side on the real RabbitMQ and FerretDB: debit commands in, answers out before the ack.
const logger = createLogger('wallet-saga-replies-test', 'silent');
let namespace: string;
let wallet: Instance;
let broker: AmqpBroker;
let db: mongoose.Connection;
const replies: MessageEnvelope<WalletOutcome>[] = [];

beforeAll(async () => {
  const MONGO_URL = await isolatedMongoUrl('wallet_replies');
  const AMQP_URL = await serverUrl('amqp');
  namespace = uniqueName('wallet_replies');
  db = await mongoose.createConnection(MONGO_URL).asPromise();
  broker = await AmqpBroker.connect({ url: AMQP_URL, topology: sagaTopology(namespace), logger, connectionName: 'wallet-saga-replies-test' });
  await broker.consume(sagaNames(namespace).paymentReplies, async (envelope) => void replies.push(envelope as MessageEnvelope<WalletOutcome>));
  wallet = await startInstance({ GRPC_PORT: 0, MONGO_URL, AMQP_URL, AMQP_NAMESPACE: namespace, LOG_LEVEL: 'silent' });
});

afterAll(async () => {
  await wallet?.stop();
  await broker?.deleteTopologyAndClose();
  await db?.dropDatabase();
  await db?.close();
});

const ledger = () => db.collection('ledger');
const publishDebit = (userId: string, amount: number, commandId: string) =>
  broker.publish(sagaNames(namespace).exchange, SAGA_MESSAGES.debitWallet, newEnvelope({ type: SAGA_MESSAGES.debitWallet, sagaId: `saga-${commandId}`, requestId: '', payload: { commandId, userId, amount } }));

describe('wallet saga answers (real RabbitMQ)', () => {
  it('one saga debit costs the wallet one insert and nothing else, and its answer is published', async () => {
    const userId = await rpc(wallet.client).createUser();
    await rpc(wallet.client).charge(userId, 100);
    const commandId = randomUUID();
    const commands = await wallet.during(async () => {
      await publishDebit(userId, 40, commandId);
      await eventually(async () => replies.find((r) => r.payload.commandId === commandId));
    });
    expect(commands.map((c) => c.name)).toEqual(['insert']);
    const reply = replies.find((r) => r.payload.commandId === commandId);
    expect(reply).toMatchObject({ type: SAGA_MESSAGES.walletDebited, payload: { userId, amount: 40, balance: 60, reason: '' } });
  });

  it('a redelivered debit has no second effect and publishes the first answer again', async () => {
    const userId = await rpc(wallet.client).createUser();
    await rpc(wallet.client).charge(userId, 50);
    const commandId = randomUUID();
    await publishDebit(userId, 40, commandId);
    await eventually(async () => replies.find((r) => r.payload.commandId === commandId));
    await publishDebit(userId, 40, commandId);
    const answers = await eventually(async () => {
      const found = replies.filter((r) => r.payload.commandId === commandId);
      return found.length === 2 && found;
    });
    expect(answers.map((a) => [a.type, a.payload.balance])).toEqual([
      [SAGA_MESSAGES.walletDebited, 10],
      [SAGA_MESSAGES.walletDebited, 10],
    ]);
    // The gRPC replay of the same command answers the first record (the consumer ran the same use case).
    const again = await rpc(wallet.client).debit(userId, 40, commandId);
    expect(again).toMatchObject({ kind: 'DEBITED', balance: 10, version: 2 });
    expect(await ledger().countDocuments({ userId })).toBe(3);
  });

  it('a debit the balance cannot cover is answered debit-rejected, and recorded so a replay rejects alike', async () => {
    const userId = await rpc(wallet.client).createUser();
    await rpc(wallet.client).charge(userId, 10);
    const commandId = randomUUID();
    await publishDebit(userId, 40, commandId);
    const reply = await eventually(async () => replies.find((r) => r.payload.commandId === commandId));
    expect(reply).toMatchObject({ type: SAGA_MESSAGES.walletDebitRejected, payload: { balance: 10, reason: 'INSUFFICIENT_BALANCE' } });
    expect(await ledger().findOne({ commandId: `debit:${commandId}` })).toMatchObject({ kind: 'DEBIT_REJECTED', balance: 10 });
  });
});
