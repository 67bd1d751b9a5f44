import { connect, type Channel, type ChannelModel } from 'amqplib';
import { createLogger } from '@concert/logger';
import { eventually, serverUrl, uniqueName } from '@concert/testing';
import { AmqpBroker, HEADERS, deadLetterNames, deleteTopology, newEnvelope, parkingQueueOf, peekParked, replayParked, type Topology } from '../src';

// The operator's way back for a parked message (pnpm parked:replay runs replayParked).
const logger = createLogger('amqp-kit-parked-test', process.env.LOG_LEVEL ?? 'silent');

describe('replaying parked messages (real RabbitMQ)', () => {
  let admin: ChannelModel;
  let adminChannel: Channel;
  let broker: AmqpBroker;
  let topology: Topology;
  let namespace: string;

  beforeAll(async () => {
    const url = await serverUrl('amqp');
    admin = await connect(url);
    adminChannel = await admin.createChannel();
    namespace = uniqueName('replay');
    topology = {
      exchanges: [{ name: `${namespace}.events`, type: 'topic' }],
      queues: [
        { name: `${namespace}.work`, bindings: [{ exchange: `${namespace}.events`, routingKey: 'work.#' }] },
        // Bound to the same type: a replay must reach the queue it was parked from, and only it.
        { name: `${namespace}.audit`, bindings: [{ exchange: `${namespace}.events`, routingKey: 'work.#' }] },
      ],
      ...deadLetterNames(namespace),
      retryDelayMs: 50,
      maxAttempts: 2,
      deliveryLimit: 20,
    };
    broker = await AmqpBroker.connect({ url, topology, logger });
  });

  afterAll(async () => {
    await broker.close();
    await deleteTopology(adminChannel, topology);
    await admin.close();
  });

  it('sends a parked message back to its queue with its ids, where it is handled once; a second replay finds nothing', async () => {
    let storeUp = false;
    const effects = new Map<string, number>();
    await broker.consume(`${namespace}.work`, async (envelope) => {
      if (!storeUp) throw new Error('store away');
      effects.set(envelope.messageId, (effects.get(envelope.messageId) ?? 0) + 1);
    });
    const sent = newEnvelope({ type: 'work.do.v1', sagaId: uniqueName('saga'), requestId: uniqueName('req'), payload: { n: 7 } });
    await broker.publish(`${namespace}.events`, 'work.do.v1', sent);

    const parking = parkingQueueOf(`${namespace}.work`);
    await eventually(async () => (await broker.parkedCounts())[parking] === 1);
    const listed = await peekParked(broker.currentConnection()!, topology);
    expect(listed).toEqual([
      { parkingQueue: parking, from: `${namespace}.work`, messageId: sent.messageId, type: 'work.do.v1', sagaId: sent.sagaId, reason: 'store away' },
    ]);
    // Looking does not take it away.
    await eventually(async () => (await broker.parkedCounts())[parking] === 1);

    storeUp = true;
    const replayed = await replayParked(broker.currentConnection()!, topology);
    expect(replayed.map((r) => r.messageId)).toEqual([sent.messageId]);
    await eventually(() => effects.get(sent.messageId) === 1);
    expect(await broker.parkedCounts()).toEqual({ [parking]: 0, [parkingQueueOf(`${namespace}.audit`)]: 0 });

    expect(await replayParked(broker.currentConnection()!, topology)).toEqual([]);
    await new Promise((r) => setTimeout(r, 300));
    expect([...effects.entries()]).toEqual([[sent.messageId, 1]]);
    // The audit queue (no consumer yet) holds the original publish only, not a replayed copy.
    expect((await adminChannel.checkQueue(`${namespace}.audit`)).messageCount).toBe(1);
  });

  it('a replayed message starts its attempts over and keeps its saga headers', async () => {
    const seen: { attempt: number; sagaId: string; requestId: string }[] = [];
    const queue = `${namespace}.audit`;
    const parking = parkingQueueOf(queue);
    // Park one by hand, as an earlier consumer would have after its failures.
    adminChannel.publish(topology.parkingExchange, queue, Buffer.from('{}'), {
      messageId: 'm-audit',
      type: 'work.do.v1',
      persistent: true,
      headers: { [HEADERS.sagaId]: 'saga-x', [HEADERS.requestId]: 'req-x', [HEADERS.parkedFrom]: queue, [HEADERS.parkedReason]: 'boom', [HEADERS.failedAttempts]: 9 },
    });
    await eventually(async () => (await broker.parkedCounts())[parking] === 1);
    await broker.consume(queue, async (envelope, context) => void seen.push({ attempt: context.attempt, sagaId: envelope.sagaId, requestId: envelope.requestId }));
    await replayParked(broker.currentConnection()!, topology, { queue });
    await eventually(() => seen.some((s) => s.sagaId === 'saga-x'));
    expect(seen.filter((s) => s.sagaId === 'saga-x')).toEqual([{ attempt: 1, sagaId: 'saga-x', requestId: 'req-x' }]);
  });
});
