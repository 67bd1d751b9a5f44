import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import {
  AmqpBroker,
  SAGA_MESSAGES,
  newEnvelope,
  parkingQueueOf,
  replayParked,
  sagaNames,
  sagaTopology,
  type MessageEnvelope,
  type SeatOutcome,
} from '@concert/amqp-kit';
import { callUnary, createClient } from '@concert/grpc-kit';
import { createLogger } from '@concert/logger';
import { loadConcertProto } from '@concert/protos';
import type { ConcertServiceClient } from '@concert/protos/generated/concert/v1/ConcertService';
import { eventually, isolatedMongoUrl, serverUrl, uniqueName } from '@concert/testing';
import { seedDemoCatalog, start } from '../src/main';

// The concert service's saga commands over the real RabbitMQ and FerretDB, delivered more than once:
// by the broker, by the saga resending a step, by an operator replaying a parked command.
const logger = createLogger('seat-commands-redelivery-test', 'silent');
let namespace: string;
let service: Awaited<ReturnType<typeof start>>;
let broker: AmqpBroker;
let client: ConcertServiceClient;
let db: mongoose.Connection;
let concertDate: string;
const replies: MessageEnvelope<SeatOutcome>[] = [];

beforeAll(async () => {
  const mongoUrl = await isolatedMongoUrl('concert_redelivery');
  const amqpUrl = await serverUrl('amqp');
  namespace = uniqueName('concert_redeliver');
  const seeded = await seedDemoCatalog(mongoUrl);
  concertDate = seeded.find((c) => c.concertCode === 'IU-2026')!.concertDates[0]!;
  broker = await AmqpBroker.connect({ url: amqpUrl, topology: sagaTopology(namespace), logger, connectionName: 'seat-commands-redelivery-test' });
  await broker.consume(sagaNames(namespace).paymentReplies, async (envelope) => void replies.push(envelope as MessageEnvelope<SeatOutcome>));
  service = await start({ GRPC_PORT: 0, MONGO_URL: mongoUrl, AMQP_URL: amqpUrl, AMQP_NAMESPACE: namespace, HOLD_TTL_MS: 60_000, LOG_LEVEL: 'silent' });
  client = createClient(loadConcertProto().concert.v1.ConcertService, `127.0.0.1:${service.grpcPort}`);
  db = await mongoose.createConnection(mongoUrl).asPromise();
});

afterAll(async () => {
  client?.close();
  await service?.stop();
  await broker?.deleteTopologyAndClose();
  await db?.dropDatabase();
  await db?.close();
});

const hold = (seatNumber: number) =>
  callUnary(client, client.holdSeat, { concertCode: 'IU-2026', concertDate, seatNumber, userId: randomUUID() }, { timeoutMs: 10_000 });
const command = (type: string, reservationId: string, commandId: string) =>
  newEnvelope({ type, sagaId: commandId.split(':')[0]!, requestId: '', payload: { commandId, reservationId } });
const send = (envelope: MessageEnvelope) => broker.publish(sagaNames(namespace).exchange, envelope.type, envelope);
const answersTo = (commandId: string, count: number) =>
  eventually(() => {
    const found = replies.filter((r) => r.payload.commandId === commandId);
    return found.length >= count && found;
  });
const soldRecords = () => db.collection(`seats_IU-2026_${concertDate.replace(/[-:.]/g, '')}`).countDocuments({ type: 'SOLD' });

describe('seat commands delivered again (real RabbitMQ)', () => {
  it('a duplicate confirm, after the first was fully processed, publishes the same outcome again — accepted or rejected', async () => {
    const held = await hold(11);
    const sagaId = uniqueName('saga');
    const first = command(SAGA_MESSAGES.confirmSeat, held.reservationId, `${sagaId}:confirm`);
    await send(first);
    await answersTo(`${sagaId}:confirm`, 1);
    // The saga resends the step (a new message, the same command id), and the broker redelivers the first.
    await send(command(SAGA_MESSAGES.confirmSeat, held.reservationId, `${sagaId}:confirm`));
    await send(first);
    const answers = await answersTo(`${sagaId}:confirm`, 3);
    expect(answers.map((a) => [a.type, a.payload.status, a.payload.reason])).toEqual(Array(3).fill([SAGA_MESSAGES.seatConfirmed, 'CONFIRMED', '']));
    expect(answers.every((a) => a.sagaId === sagaId)).toBe(true);

    // A refusal is an outcome too: a confirm of a reservation that does not exist, twice.
    const missing = `${uniqueName('saga')}:confirm`;
    await send(command(SAGA_MESSAGES.confirmSeat, randomUUID(), missing));
    await answersTo(missing, 1);
    await send(command(SAGA_MESSAGES.confirmSeat, randomUUID(), missing));
    const refusals = await answersTo(missing, 2);
    expect(new Set(refusals.map((a) => `${a.type} ${a.payload.reason}`)).size).toBe(1);
    expect(refusals[0]!.type).toBe(SAGA_MESSAGES.seatConfirmRejected);
  });

  it('a parked command, replayed, is handled once; replaying again finds nothing', async () => {
    const held = await hold(12);
    const sagaId = uniqueName('saga');
    const queue = sagaNames(namespace).concertCommands;
    const soldBefore = await soldRecords();
    // Parked as a consumer parks it (e.g. it crashed the service past the delivery limit).
    const parkedCommand = command(SAGA_MESSAGES.confirmSeat, held.reservationId, `${sagaId}:confirm`);
    await broker.publish(`${namespace}.parking`, queue, parkedCommand);
    await eventually(async () => (await broker.parkedCounts())[parkingQueueOf(queue)] === 1);

    const replayed = await replayParked(broker.currentConnection()!, sagaTopology(namespace));
    expect(replayed.map((r) => r.messageId)).toEqual([parkedCommand.messageId]);
    const [answer] = await answersTo(`${sagaId}:confirm`, 1);
    expect(answer).toMatchObject({ type: SAGA_MESSAGES.seatConfirmed, sagaId, payload: { status: 'CONFIRMED' } });
    expect(await soldRecords()).toBe(soldBefore + 1);

    expect(await replayParked(broker.currentConnection()!, sagaTopology(namespace))).toEqual([]);
    await new Promise((r) => setTimeout(r, 500));
    expect(replies.filter((r) => r.payload.commandId === `${sagaId}:confirm`)).toHaveLength(1);
    expect(await soldRecords()).toBe(soldBefore + 1);
    expect((await broker.parkedCounts())[parkingQueueOf(queue)]).toBe(0);
  });
});

