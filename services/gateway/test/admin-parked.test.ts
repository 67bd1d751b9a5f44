import { createServer, type AddressInfo } from 'node:net';
import { AmqpBroker, newEnvelope, parkingQueueOf, sagaNames, sagaTopology } from '@concert/amqp-kit';
import { createLogger } from '@concert/logger';
import { serverUrl, uniqueName } from '@concert/testing';
import { bootGateway, type GatewayUnderTest } from './harness';

// GET /api/v1/admin/parked: what the operators see of the broker's parking queues.
const ADMIN_TOKEN = 'parked-route-test-admin-token';
const get = async (gateway: GatewayUnderTest, token?: string) => {
  const res = await fetch(`${gateway.url}/api/v1/admin/parked`, { headers: token ? { 'x-admin-token': token } : {} });
  return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as Record<string, unknown> };
};

const closedPort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });

describe('GET /api/v1/admin/parked', () => {
  let amqpUrl: string;
  let namespace: string;
  let broker: AmqpBroker;
  let gateway: GatewayUnderTest;

  beforeAll(async () => {
    amqpUrl = await serverUrl('amqp');
    namespace = uniqueName('gw_parked');
    // The services declare the saga topology; the gateway only looks.
    broker = await AmqpBroker.connect({ url: amqpUrl, topology: sagaTopology(namespace), logger: createLogger('gw-parked-test', 'silent') });
    gateway = await bootGateway({ ADMIN_TOKEN, AMQP_URL: amqpUrl, AMQP_NAMESPACE: namespace });
  });

  afterAll(async () => {
    await gateway?.handle.stop();
    await broker.deleteTopologyAndClose();
  });

  it('is guarded by X-Admin-Token like the saga route', async () => {
    expect(await get(gateway)).toMatchObject({ status: 401, body: { code: 'ADMIN_UNAUTHORIZED' } });
    expect(await get(gateway, 'not-the-admin-token-at-all')).toMatchObject({ status: 401, body: { code: 'ADMIN_UNAUTHORIZED' } });
  });

  it('answers the count per parking queue', async () => {
    const names = sagaNames(namespace);
    const empty = await get(gateway, ADMIN_TOKEN);
    expect(empty).toEqual({
      status: 200,
      type: expect.stringMatching(/application\/json/),
      body: {
        total: 0,
        queues: { [parkingQueueOf(names.concertCommands)]: 0, [parkingQueueOf(names.walletCommands)]: 0, [parkingQueueOf(names.paymentReplies)]: 0 },
      },
    });
    // Parked as a consumer parks: published to the parking exchange under the queue's name.
    for (let i = 0; i < 2; i++) await broker.publish(`${namespace}.parking`, names.paymentReplies, newEnvelope({ type: 'x.v1', sagaId: `s${i}`, requestId: '', payload: {} }));
    const after = await get(gateway, ADMIN_TOKEN);
    expect(after.body).toEqual({ total: 2, queues: expect.objectContaining({ [parkingQueueOf(names.paymentReplies)]: 2 }) });
  });

  it('answers 503 problem+json, in time, when the broker cannot be reached or none is configured', async () => {
    const unreachable = await bootGateway({ ADMIN_TOKEN, AMQP_URL: `amqp://guest:guest@127.0.0.1:${await closedPort()}`, AMQP_NAMESPACE: namespace });
    const unconfigured = await bootGateway({ ADMIN_TOKEN });
    // A broker that accepts the connection and then says nothing.
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const wedged = await bootGateway({ ADMIN_TOKEN, AMQP_URL: `amqp://guest:guest@127.0.0.1:${(silent.address() as AddressInfo).port}`, AMQP_NAMESPACE: namespace });
    try {
      for (const g of [unreachable, unconfigured, wedged]) {
        const started = Date.now();
        const answer = await get(g, ADMIN_TOKEN);
        expect(answer).toMatchObject({ status: 503, type: expect.stringMatching(/application\/problem\+json/), body: { code: 'SERVICE_UNAVAILABLE' } });
        expect(Date.now() - started).toBeLessThan(4_000);
      }
    } finally {
      await unreachable.handle.stop();
      await unconfigured.handle.stop();
      await wedged.handle.stop();
      silent.close();
    }
  });
});
