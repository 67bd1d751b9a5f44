import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { bootGateway, bootHealthOnly, bootWallet, type GatewayUnderTest, type WalletUnderTest } from './harness';

// What operators and tooling rely on: health, the OpenAPI document, behaviour when the wallet service
// is down or hangs, and graceful shutdown.

const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as Record<string, unknown> });

/** Queue, concert and payment answer health only: these tests are about the gateway's own behaviour. */
async function bootStandIns() {
  const [queue, concert, payment] = await Promise.all([bootHealthOnly(), bootHealthOnly(), bootHealthOnly()]);
  return {
    env: { QUEUE_GRPC_ADDR: queue.address, CONCERT_GRPC_ADDR: concert.address, PAYMENT_GRPC_ADDR: payment.address },
    stop: () => Promise.all([queue.stop(), concert.stop(), payment.stop()]),
  };
}
const allUp = { wallet: 'up', queue: 'up', concert: 'up', payment: 'up' };

describe('health, OpenAPI and docs (wallet up)', () => {
  let wallet: WalletUnderTest;
  let standIns: Awaited<ReturnType<typeof bootStandIns>>;
  let gateway: GatewayUnderTest;

  beforeAll(async () => {
    [wallet, standIns] = await Promise.all([bootWallet(), bootStandIns()]);
    gateway = await bootGateway({ WALLET_GRPC_ADDR: wallet.address, ...standIns.env });
  });

  afterAll(async () => {
    await gateway?.handle.stop();
    await Promise.all([wallet?.dispose(), standIns?.stop()]);
  });

  it('/health/live and /health/ready answer 200', async () => {
    expect(await json(await fetch(`${gateway.url}/health/live`))).toEqual({ status: 200, body: { status: 'live' } });
    expect(await json(await fetch(`${gateway.url}/health/ready`))).toEqual({
      status: 200,
      body: { status: 'ready', dependencies: allUp },
    });
  });

  it('/api/openapi.json is a valid OpenAPI 3.1 document of the routes, from the zod schemas', async () => {
    const { status, body: doc } = await json(await fetch(`${gateway.url}/api/openapi.json`));
    expect(status).toBe(200);
    expect(doc.openapi).toBe('3.1.0');
    const { Validator } = await import('@seriousme/openapi-schema-validator');
    const validation = await new Validator().validate(doc as Parameters<InstanceType<typeof Validator>['validate']>[0]);
    expect(validation.errors ?? []).toEqual([]);
    expect(validation.valid).toBe(true);

    const paths = doc.paths as Record<string, Record<string, { responses: Record<string, unknown>; parameters?: { name: string; in: string }[] }>>;
    expect(Object.keys(paths)).toEqual(expect.arrayContaining(['/api/v1/users', '/api/v1/users/{UUID}/balance', '/health/live', '/health/ready']));
    expect(Object.keys(paths['/api/v1/users']!)).toEqual(['post']);
    expect(Object.keys(paths['/api/v1/users/{UUID}/balance']!).sort()).toEqual(['get', 'patch']);
    const patch = paths['/api/v1/users/{UUID}/balance']!.patch!;
    expect(Object.keys(patch.responses)).toEqual(expect.arrayContaining(['200', '400', '404', '413', '422', '503', '500']));
    expect(patch.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'UUID', in: 'path' }), expect.objectContaining({ name: 'idempotency-key', in: 'header' })]),
    );
    const schemas = (doc.components as { schemas: Record<string, { additionalProperties?: boolean; properties?: Record<string, unknown> }> }).schemas;
    expect(schemas.Problem?.properties).toHaveProperty('code');
    // Strict request bodies are documented as such.
    expect(schemas.ChargeRequest).toMatchObject({ additionalProperties: false, properties: { amount: { type: 'integer', maximum: 10_000_000 } } });
  });

  it('/api/docs serves Swagger UI', async () => {
    const res = await fetch(`${gateway.url}/api/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('swagger-ui');
  });
});

describe('wallet service down', () => {
  let wallet: WalletUnderTest;
  let standIns: Awaited<ReturnType<typeof bootStandIns>>;
  let gateway: GatewayUnderTest;

  beforeAll(async () => {
    [wallet, standIns] = await Promise.all([bootWallet(), bootStandIns()]);
    gateway = await bootGateway({ WALLET_GRPC_ADDR: wallet.address, GRPC_TIMEOUT_MS: '3000', ...standIns.env });
  });

  afterAll(async () => {
    await gateway?.handle.stop();
    await Promise.all([wallet?.dispose(), standIns?.stop()]);
  });

  it('answers 503 SERVICE_UNAVAILABLE with a problem body, quickly, and /health/ready says 503', async () => {
    expect((await fetch(`${gateway.url}/api/v1/users`, { method: 'POST' })).status).toBe(201);
    expect((await fetch(`${gateway.url}/health/ready`)).status).toBe(200);
    await wallet.handle.stop();

    const started = Date.now();
    const res = await fetch(`${gateway.url}/api/v1/users`, { method: 'POST' });
    const elapsed = Date.now() - started;
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.headers.get('retry-after')).toBe('1');
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE', requestId: res.headers.get('x-request-id') });
    // No address, port or gRPC wording reaches the client.
    expect(String(body.detail)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|grpc|connect/i);
    expect(elapsed).toBeLessThan(3_000);

    expect(await json(await fetch(`${gateway.url}/health/ready`))).toEqual({
      status: 503,
      body: { status: 'not_ready', dependencies: { ...allUp, wallet: 'down' } },
    });
    expect((await fetch(`${gateway.url}/health/live`)).status).toBe(200);
  });
});

describe('wallet service that accepts connections and never answers', () => {
  let blackhole: Server;
  const sockets = new Set<Socket>();
  let gateway: GatewayUnderTest;

  beforeAll(async () => {
    blackhole = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => blackhole.listen(0, '127.0.0.1', resolve));
    const address = `127.0.0.1:${(blackhole.address() as AddressInfo).port}`;
    gateway = await bootGateway({ WALLET_GRPC_ADDR: address, GRPC_TIMEOUT_MS: '500' });
  });

  afterAll(async () => {
    await gateway?.handle.stop();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => blackhole.close(resolve));
  });

  it('gives up at the gRPC deadline with 503, not a hang', async () => {
    const started = Date.now();
    const res = await fetch(`${gateway.url}/api/v1/users/6b092795-c4b8-4b49-8f06-0246aabbccdd/balance`);
    const elapsed = Date.now() - started;
    expect(res.status).toBe(503);
    expect(((await res.json()) as { code: string }).code).toBe('SERVICE_UNAVAILABLE');
    expect(elapsed).toBeGreaterThanOrEqual(450);
    expect(elapsed).toBeLessThan(2_000);
    expect((await fetch(`${gateway.url}/health/ready`)).status).toBe(503);
  });

  it('on stop, finishes the request in flight and then refuses new connections', async () => {
    const inFlight = fetch(`${gateway.url}/api/v1/users`, { method: 'POST' });
    await new Promise((r) => setTimeout(r, 100));
    const stopped = gateway.handle.stop();
    const res = await inFlight;
    expect(res.status).toBe(503);
    expect(res.headers.get('x-request-id')).toBeTruthy();
    await stopped;
    await expect(fetch(`${gateway.url}/health/live`)).rejects.toThrow();
  });
});
