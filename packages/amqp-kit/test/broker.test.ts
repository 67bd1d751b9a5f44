import { connect, type ChannelModel, type Channel } from 'amqplib';
import { createLogger, currentCorrelation } from '@concert/logger';
import { eventually, serverUrl, startFaultProxy, uniqueName } from '@concert/testing';
import {
  AmqpBroker,
  HEADERS,
  OutboxRelay,
  PublishFailed,
  deadLetterNames,
  deleteTopology,
  newEnvelope,
  parkingQueueOf,
  retryQueueOf,
  type DeliveryContext,
  type MessageEnvelope,
  type OutboxEntry,
  type Topology,
} from '../src';

const logger = createLogger('amqp-kit-test', process.env.LOG_LEVEL ?? 'silent');

function topologyFor(namespace: string): Topology {
  return {
    exchanges: [{ name: `${namespace}.events`, type: 'topic' }],
    queues: [{ name: `${namespace}.work`, bindings: [{ exchange: `${namespace}.events`, routingKey: 'work.#' }] }],
    ...deadLetterNames(namespace),
    retryDelayMs: 150,
    maxAttempts: 3,
    deliveryLimit: 20,
  };
}

describe('AmqpBroker against RabbitMQ', () => {
  let url: string;
  let admin: ChannelModel;
  let adminChannel: Channel;
  let namespace: string;
  let topology: Topology;
  let broker: AmqpBroker;

  beforeAll(async () => {
    url = await serverUrl('amqp');
    admin = await connect(url);
    adminChannel = await admin.createChannel();
  });

  afterAll(async () => {
    await admin.close();
  });

  beforeEach(async () => {
    namespace = uniqueName('kit');
    topology = topologyFor(namespace);
    broker = await AmqpBroker.connect({ url, topology, logger, reconnectInitialDelayMs: 50, reconnectMaxDelayMs: 500 });
  });

  afterEach(async () => {
    await broker.close();
    await deleteTopology(adminChannel, topology);
  });

  const work = () => newEnvelope({ type: 'work.do.v1', sagaId: uniqueName('saga'), requestId: uniqueName('req'), payload: { n: 1 } });

  it('resolves a publish once confirmed, and delivers the ids as headers inside the correlation', async () => {
    const seen: { envelope: MessageEnvelope; correlation: object }[] = [];
    await broker.consume(`${namespace}.work`, async (envelope) => {
      seen.push({ envelope, correlation: currentCorrelation() });
    });
    const sent = work();
    await broker.publish(`${namespace}.events`, 'work.do.v1', sent);
    await eventually(() => seen.length === 1);
    expect(seen[0]!.envelope).toEqual(sent);
    expect(seen[0]!.correlation).toEqual({ requestId: sent.requestId, sagaId: sent.sagaId });
  });

  it('rejects a publish that no queue would receive (mandatory + return)', async () => {
    await expect(broker.publish(`${namespace}.events`, 'nobody.listens', work())).rejects.toThrow(/unroutable/);
  });

  it('a publish the broker does not answer fails within its deadline, and the same message goes through once it answers', async () => {
    const proxy = await startFaultProxy(url, 5672);
    const slow = await AmqpBroker.connect({ url: proxy.url, topology, logger, confirmTimeoutMs: 300 });
    try {
      const seen: string[] = [];
      await broker.consume(`${namespace}.work`, async (e) => void seen.push(e.messageId));
      // A wedged broker: nothing it sends reaches the client (not the channel's open-ok, not a confirm).
      proxy.stall();
      const sent = work();
      const started = Date.now();
      const outcome = await Promise.race([
        slow.publish(`${namespace}.events`, 'work.do.v1', sent).then(() => 'confirmed', (error: unknown) => error),
        new Promise((r) => setTimeout(() => r('still waiting after 3 s'), 3_000)),
      ]);
      expect(outcome).toBeInstanceOf(PublishFailed);
      expect(Date.now() - started).toBeLessThan(1_500);

      proxy.resume();
      // The caller kept the message: its retry lands.
      await eventually(async () => slow.publish(`${namespace}.events`, 'work.do.v1', sent).then(() => true, () => false));
      await eventually(() => seen.includes(sent.messageId));
    } finally {
      await slow.close(1_000);
      await proxy.close();
    }
  });

  it('retries a failing message through the TTL retry queue, then parks it after maxAttempts', async () => {
    const attempts: DeliveryContext[] = [];
    const times: number[] = [];
    await broker.consume(`${namespace}.work`, async (_envelope, context) => {
      attempts.push(context);
      times.push(Date.now());
      throw new Error('poison');
    });
    const sent = work();
    await broker.publish(`${namespace}.events`, 'work.do.v1', sent);

    const parking = parkingQueueOf(`${namespace}.work`);
    await eventually(async () => (await adminChannel.checkQueue(parking)).messageCount === 1);
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    // Each retry waited out the retry queue's TTL: no hot requeue loop.
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(120);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(120);

    const parked = await adminChannel.get(parking, { noAck: true });
    if (!parked) throw new Error('parked message missing');
    expect(parked.properties.messageId).toBe(sent.messageId);
    expect(parked.properties.headers?.[HEADERS.parkedReason]).toBe('poison');
    expect(parked.properties.headers?.[HEADERS.sagaId]).toBe(sent.sagaId);
    await new Promise((r) => setTimeout(r, 400));
    expect(attempts).toHaveLength(3);
    expect((await adminChannel.checkQueue(`${namespace}.work`)).messageCount).toBe(0);
    expect((await adminChannel.checkQueue(retryQueueOf(`${namespace}.work`))).messageCount).toBe(0);
  });

  it('counts the messages in each parking queue, and 0 for a parking queue that is missing', async () => {
    const parking = parkingQueueOf(`${namespace}.work`);
    expect(await broker.parkedCounts()).toEqual({ [parking]: 0 });
    await broker.consume(`${namespace}.work`, async () => undefined);
    adminChannel.publish(`${namespace}.events`, 'work.bad', Buffer.from('{not json'), { messageId: 'm1', type: 'work.bad' });
    adminChannel.publish(`${namespace}.events`, 'work.bad', Buffer.from('{not json'), { messageId: 'm2', type: 'work.bad' });
    await eventually(async () => (await broker.parkedCounts())[parking] === 2);
    await adminChannel.purgeQueue(parking);
    await adminChannel.deleteQueue(parking);
    // The 404 is answered on a throwaway channel: the broker's connection and consumers live on.
    expect(await broker.parkedCounts()).toEqual({ [parking]: 0 });
    expect(broker.currentConnection()).not.toBeNull();
  });

  it('acks a message that succeeds on a later attempt, with nothing parked', async () => {
    let calls = 0;
    const done: number[] = [];
    await broker.consume(`${namespace}.work`, async (_e, context) => {
      calls++;
      if (context.attempt < 2) throw new Error('transient');
      done.push(context.attempt);
    });
    await broker.publish(`${namespace}.events`, 'work.do.v1', work());
    await eventually(() => done.length === 1);
    expect(calls).toBe(2);
    expect((await adminChannel.checkQueue(parkingQueueOf(`${namespace}.work`))).messageCount).toBe(0);
  });

  it('parks a malformed message at once', async () => {
    const handled: unknown[] = [];
    await broker.consume(`${namespace}.work`, async (e) => void handled.push(e));
    adminChannel.publish(`${namespace}.events`, 'work.bad', Buffer.from('{not json'), { messageId: 'm1', type: 'work.bad' });
    await eventually(async () => (await adminChannel.checkQueue(parkingQueueOf(`${namespace}.work`))).messageCount === 1);
    expect(handled).toEqual([]);
  });

  it('reconnects after its connection is cut, re-declares the topology and resumes consuming', async () => {
    const seen: string[] = [];
    await broker.consume(`${namespace}.work`, async (e) => void seen.push(e.messageId));
    const first = work();
    await broker.publish(`${namespace}.events`, 'work.do.v1', first);
    await eventually(() => seen.length === 1);

    const reconnected = new Promise((resolve) => broker.once('connected', resolve));
    // Cut the TCP connection under amqplib, as a broker restart or network fault would, and remove
    // the queue meanwhile: the reconnect must declare it again.
    const socket = (broker.currentConnection()!.connection as unknown as { stream: { destroy(error?: Error): void } }).stream;
    socket.destroy(new Error('connection cut by the test'));
    await adminChannel.deleteQueue(`${namespace}.work`);
    await reconnected;

    const second = work();
    await broker.publish(`${namespace}.events`, 'work.do.v1', second);
    await eventually(() => seen.includes(second.messageId));
    expect(seen).toEqual([first.messageId, second.messageId]);
  });

  it('outbox relay: publishes with confirms, then marks; unconfirmed entries stay unpublished', async () => {
    const stored = new Map<string, { entry: OutboxEntry; published: boolean }>();
    const source = {
      unpublished: async (limit: number) => [...stored.values()].filter((s) => !s.published).slice(0, limit).map((s) => s.entry),
      markPublished: async (keys: string[]) => keys.forEach((k) => (stored.get(k)!.published = true)),
    };
    const seen: string[] = [];
    await broker.consume(`${namespace}.work`, async (e) => void seen.push(e.messageId));
    const good = Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, exchange: `${namespace}.events`, routingKey: 'work.do.v1', envelope: work() }));
    const unroutable = { key: 'bad', exchange: `${namespace}.events`, routingKey: 'nobody', envelope: work() };
    for (const entry of [...good, unroutable]) stored.set(entry.key, { entry, published: false });

    const relay = new OutboxRelay(source, broker, logger, { pollIntervalMs: 50 });
    relay.start();
    await eventually(() => seen.length === 20);
    await relay.stop();
    expect([...stored.values()].filter((s) => s.published)).toHaveLength(20);
    expect(stored.get('bad')!.published).toBe(false);
    expect(new Set(seen)).toEqual(new Set(good.map((g) => g.envelope.messageId)));
  });
});
