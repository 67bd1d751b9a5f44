import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { connect, type Channel, type ChannelModel } from 'amqplib';
import { createLogger } from '@concert/logger';
import { eventually, serverUrl, uniqueName } from '@concert/testing';
import {
  AmqpBroker,
  HEADERS,
  MalformedMessage,
  SAGA_MESSAGES,
  deadLetterNames,
  deleteTopology,
  newEnvelope,
  parkingQueueOf,
  sagaNames,
  sagaTopology,
  type Topology,
} from '../src';

// What happens to a message that keeps failing: saga messages wait ever longer instead of being
// parked, and a message that kills its consumer is parked after the quorum queue's delivery limit.
const logger = createLogger('amqp-kit-redelivery-test', process.env.LOG_LEVEL ?? 'silent');

let url: string;
let admin: ChannelModel;
let adminChannel: Channel;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  url = await serverUrl('amqp');
  admin = await connect(url);
  adminChannel = await admin.createChannel();
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

afterAll(async () => {
  await admin.close();
});

async function sagaBroker(options: Parameters<typeof sagaTopology>[1]) {
  const namespace = uniqueName('redeliver');
  const topology = sagaTopology(namespace, options);
  const broker = await AmqpBroker.connect({ url, topology, logger });
  cleanups.push(() => deleteTopology(adminChannel, topology), () => broker.close());
  return { broker, names: sagaNames(namespace) };
}

const debited = () =>
  newEnvelope({ type: SAGA_MESSAGES.walletDebited, sagaId: uniqueName('saga'), requestId: '', payload: { commandId: 'c:debit', userId: 'u', amount: 1, balance: 0, reason: '' } });

describe('saga messages that keep failing (real RabbitMQ)', () => {
  it('a reply failing past maxAttempts is never parked: it comes back with doubling delays, capped, until it lands', async () => {
    const { broker, names } = await sagaBroker({ retryDelayMs: 50, backoffMaxDelayMs: 200 });
    const times: number[] = [];
    const attempts: number[] = [];
    await broker.consume(names.paymentReplies, async (_envelope, context) => {
      times.push(Date.now());
      attempts.push(context.attempt);
      // The payment store is away for the first 9 tries.
      if (attempts.length < 10) throw new Error('payment store unavailable');
    });
    await broker.publish(names.exchange, SAGA_MESSAGES.walletDebited, debited());
    await eventually(() => attempts.length === 10);

    expect(attempts).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    // 4 quick retries (50 ms), then 100, 200, 200, 200, 200 ms.
    for (const gap of gaps.slice(4)) expect(gap).toBeGreaterThanOrEqual(90);
    for (const gap of gaps.slice(6)) expect(gap).toBeGreaterThanOrEqual(180);
    const counts = await broker.parkedCounts();
    expect(counts[parkingQueueOf(names.paymentReplies)]).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(attempts).toHaveLength(10);
  });

  it('a reply the handler refuses as malformed is parked at once, not retried', async () => {
    const { broker, names } = await sagaBroker({ retryDelayMs: 50 });
    const attempts: number[] = [];
    await broker.consume(names.paymentReplies, async (_envelope, context) => {
      attempts.push(context.attempt);
      throw new MalformedMessage('names no saga');
    });
    const sent = debited();
    await broker.publish(names.exchange, SAGA_MESSAGES.walletDebited, sent);
    const parking = parkingQueueOf(names.paymentReplies);
    await eventually(async () => (await broker.parkedCounts())[parking] === 1);
    const parked = await adminChannel.get(parking, { noAck: true });
    expect(parked && parked.properties.messageId).toBe(sent.messageId);
    expect(attempts).toEqual([1]);
  });
});

describe('a message that crashes its consumer (real processes, real RabbitMQ)', () => {
  it('is parked after the delivery limit instead of being redelivered forever', async () => {
    const namespace = uniqueName('crash');
    const queue = `${namespace}.work`;
    const topology: Topology = {
      exchanges: [{ name: `${namespace}.events`, type: 'topic' }],
      // A backoff queue: even where failures are retried forever, a crash loop is parked.
      queues: [{ name: queue, backoffMaxDelayMs: 400, bindings: [{ exchange: `${namespace}.events`, routingKey: 'work.#' }] }],
      ...deadLetterNames(namespace),
      retryDelayMs: 100,
      maxAttempts: 3,
      deliveryLimit: 2,
    };
    const broker = await AmqpBroker.connect({ url, topology, logger });
    cleanups.push(() => deleteTopology(adminChannel, topology), () => broker.close());
    const sent = newEnvelope({ type: 'work.do.v1', sagaId: uniqueName('saga'), requestId: '', payload: {} });
    await broker.publish(`${namespace}.events`, 'work.do.v1', sent);

    const parking = parkingQueueOf(queue);
    let crashes = 0;
    // Each child takes the message and dies; a consumer that survives a while found nothing to crash on.
    for (let child = 0; child < 8 && (await broker.parkedCounts())[parking] === 0; child++) {
      const proc = spawn(process.execPath, ['--conditions=@concert/source', '--import', 'tsx', path.join(__dirname, 'crash-consumer.fixture.ts')], {
        env: { ...process.env, AMQP_URL: url, TOPOLOGY: JSON.stringify(topology), LOG_LEVEL: 'silent' },
        stdio: 'ignore',
      });
      const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
      const outcome = await Promise.race([
        exited,
        eventually(async () => (await broker.parkedCounts())[parking] === 1, { timeoutMs: 12_000 }).then(() => 'parked' as const),
      ]).catch(() => 'neither');
      if (outcome === 3) crashes++;
      if (proc.exitCode === null) proc.kill('SIGKILL');
      await exited;
    }

    expect((await broker.parkedCounts())[parking]).toBe(1);
    // deliveryLimit 2: two consumers died on it, the third delivery was parked unread.
    expect(crashes).toBe(2);
    const parked = await adminChannel.get(parking, { noAck: true });
    expect(parked && parked.properties.messageId).toBe(sent.messageId);
    expect(String(parked && parked.properties.headers?.[HEADERS.parkedReason])).toMatch(/delivery limit/);
    expect((await adminChannel.checkQueue(queue)).messageCount).toBe(0);
  }, 60_000);
});
