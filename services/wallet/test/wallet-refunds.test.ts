import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { AmqpBroker, newEnvelope, SAGA_MESSAGES, sagaNames, sagaTopology, type MessageEnvelope, type WalletOutcome } from '@concert/amqp-kit';
import { callUnary } from '@concert/grpc-kit';
import { createLogger } from '@concert/logger';
import { eventually, isolatedMongoUrl, serverUrl, uniqueName } from '@concert/testing';
import { codeOf, rpc, rpcOptions, startInstance, type Instance } from './wallet-harness';

// Refunds only give back a recorded debit of the same saga, once — over gRPC on two instances sharing
// the real store, and over the real broker (the saga's path).
const logger = createLogger('wallet-refunds-test', 'silent');
let namespace: string;
let one: Instance;
let two: Instance;
let broker: AmqpBroker;
let db: mongoose.Connection;
const replies: MessageEnvelope<WalletOutcome>[] = [];

beforeAll(async () => {
  const MONGO_URL = await isolatedMongoUrl('wallet_refunds');
  const AMQP_URL = await serverUrl('amqp');
  namespace = uniqueName('wallet_refunds');
  db = await mongoose.createConnection(MONGO_URL).asPromise();
  broker = await AmqpBroker.connect({ url: AMQP_URL, topology: sagaTopology(namespace), logger, connectionName: 'wallet-refunds-test' });
  await broker.consume(sagaNames(namespace).paymentReplies, async (envelope) => void replies.push(envelope as MessageEnvelope<WalletOutcome>));
  const config = { GRPC_PORT: 0, MONGO_URL, AMQP_URL, AMQP_NAMESPACE: namespace, LOG_LEVEL: 'silent' } as const;
  one = await startInstance(config);
  two = await startInstance(config);
});

afterAll(async () => {
  await one?.stop();
  await two?.stop();
  await broker?.deleteTopologyAndClose();
  await db?.dropDatabase();
  await db?.close();
});

const refund = (i: Instance, userId: string, amount: number, commandId: string, sagaId: string) =>
  callUnary(i.client, i.client.refund, { userId, amount, commandId, sagaId }, rpcOptions);
const kindsOf = async (userId: string) => (await db.collection('ledger').find({ userId }).sort({ version: 1 }).toArray()).map((r) => r.kind);

describe('wallet refunds', () => {
  it('refuses a refund without a recorded debit of that saga and user, and credits nothing', async () => {
    const userId = await rpc(one.client).createUser();
    const other = await rpc(one.client).createUser();
    await rpc(one.client).charge(userId, 100);
    expect(await codeOf(refund(one, userId, 500, randomUUID(), 'saga-never-debited'))).toBe('NO_DEBIT_TO_REFUND');
    // A debit of another saga, a rejected debit, a debit of another user: none is this refund's.
    await rpc(one.client).debit(userId, 30, randomUUID(), 'saga-a');
    expect(await codeOf(rpc(one.client).debit(userId, 1_000, randomUUID(), 'saga-b'))).toBe('INSUFFICIENT_BALANCE');
    expect(await codeOf(refund(two, userId, 30, randomUUID(), 'saga-other'))).toBe('NO_DEBIT_TO_REFUND');
    expect(await codeOf(refund(two, userId, 1_000, randomUUID(), 'saga-b'))).toBe('NO_DEBIT_TO_REFUND');
    expect(await codeOf(refund(two, other, 30, randomUUID(), 'saga-a'))).toBe('NO_DEBIT_TO_REFUND');
    expect(await codeOf(refund(two, userId, 30, randomUUID(), ''))).toBe('NO_DEBIT_TO_REFUND');
    // More than the saga took is not a refund of its debit either.
    expect(await codeOf(refund(two, userId, 31, randomUUID(), 'saga-a'))).toBe('REFUND_DOES_NOT_MATCH_DEBIT');
    expect(await rpc(one.client).balance(userId)).toBe(70);
    expect(await rpc(one.client).balance(other)).toBe(0);
    expect(await kindsOf(userId)).toEqual(['OPENED', 'CHARGED', 'DEBITED', 'DEBIT_REJECTED']);
  });

  it('gives a debit back once, however many refund commands of its saga race on two instances', async () => {
    const userId = await rpc(one.client).createUser();
    await rpc(one.client).charge(userId, 1_000);
    await rpc(one.client).debit(userId, 400, randomUUID(), 'saga-race');
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => refund(i % 2 ? one : two, userId, 400, `refund-${i}`, 'saga-race')),
    );
    expect(new Set(answers.map((a) => `${a.kind}:${a.version}:${a.balance}`))).toEqual(new Set(['REFUNDED:3:1000']));
    expect(await rpc(two.client).balance(userId)).toBe(1_000);
    expect(await kindsOf(userId)).toEqual(['OPENED', 'CHARGED', 'DEBITED', 'REFUNDED']);
  });

  it('answers a saga refund command without a debit refund-rejected, and credits nothing', async () => {
    const userId = await rpc(one.client).createUser();
    await rpc(one.client).charge(userId, 10);
    const commandId = randomUUID();
    const sagaId = `saga-${commandId}`;
    const command = newEnvelope({ type: SAGA_MESSAGES.refundWallet, sagaId, requestId: '', payload: { commandId, userId, amount: 250 } });
    await broker.publish(sagaNames(namespace).exchange, SAGA_MESSAGES.refundWallet, command);
    const reply = await eventually(async () => replies.find((r) => r.payload.commandId === commandId));
    expect(reply).toMatchObject({ type: SAGA_MESSAGES.walletRefundRejected, sagaId, payload: { reason: 'NO_DEBIT_TO_REFUND' } });
    expect(await rpc(two.client).balance(userId)).toBe(10);
    expect(await kindsOf(userId)).toEqual(['OPENED', 'CHARGED']);
  });
});
