import { serverUrl, uniqueName } from '@concert/testing';
import { bootGateway, bootWallet, type GatewayUnderTest, type WalletUnderTest } from './harness';
import { bootConcertService, bootQueueService, deleteKeys } from './queue-stack';

// Issue 10's rate limits through the real gateway, queue, concert and wallet services: user creation per
// client address, every token route per token, and whose address counts behind a proxy.

let wallet: WalletUnderTest;
let concert: Awaited<ReturnType<typeof bootConcertService>>;
let queue: Awaited<ReturnType<typeof bootQueueService>>;
const prefixes: string[] = [];

beforeAll(async () => {
  [wallet, concert] = await Promise.all([bootWallet(), bootConcertService()]);
  queue = await bootQueueService({ CONCERT_GRPC_ADDR: concert.address });
});

afterAll(async () => {
  await Promise.all([wallet?.dispose(), concert?.dispose(), queue?.dispose()]);
  const redis = await serverUrl('redis');
  for (const prefix of prefixes) await deleteKeys(redis, `${prefix}:*`);
});

/** A gateway of its own, counting under a fresh prefix so no other test's hits count. */
async function gatewayWith(env: Record<string, string>): Promise<GatewayUnderTest> {
  const prefix = uniqueName('gwrl');
  prefixes.push(prefix);
  return bootGateway({ WALLET_GRPC_ADDR: wallet.address, CONCERT_GRPC_ADDR: concert.address, QUEUE_GRPC_ADDR: queue.address, RATE_LIMIT_KEY_PREFIX: prefix, ...env });
}

async function call(gw: GatewayUnderTest, method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${gw.url}/api/v1${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown>, retryAfter: res.headers.get('retry-after') };
}

const createUser = (gw: GatewayUnderTest, headers: Record<string, string> = {}) => call(gw, 'POST', '/users', { body: {}, headers });

/** A new fan's token for IU-2026 (sending the user key when the gateway hands one out). */
async function tokenOfNewFan(gw: GatewayUnderTest): Promise<string> {
  const created = (await createUser(gw)).body;
  const headers = typeof created.userKey === 'string' ? { 'x-user-key': created.userKey } : undefined;
  const joined = await call(gw, 'POST', '/concerts/IU-2026/token', { body: { UUID: created.UUID }, headers });
  expect(joined.status).toBe(201);
  return `Bearer ${joined.body.token as string}`;
}

describe('POST /users per client address', () => {
  it('answers 429 RATE_LIMITED with Retry-After past the limit, counting X-Forwarded-For only from a trusted proxy', async () => {
    const direct = await gatewayWith({ USER_CREATE_RATE_LIMIT_PER_ADDRESS: '3' });
    try {
      // Untrusted by default: a client cannot pick a fresh address per request.
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await createUser(direct, { 'x-forwarded-for': `203.0.113.${i}` }));
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 429]);
      expect(answers[3]!.body.code).toBe('RATE_LIMITED');
      expect(Number(answers[3]!.retryAfter)).toBeGreaterThan(0);
    } finally {
      await direct.handle.stop();
    }

    const behindProxy = await gatewayWith({ USER_CREATE_RATE_LIMIT_PER_ADDRESS: '3', TRUST_PROXY: 'loopback' });
    try {
      const fromA = [];
      for (let i = 0; i < 4; i++) fromA.push((await createUser(behindProxy, { 'x-forwarded-for': '203.0.113.7' })).status);
      expect(fromA).toEqual([201, 201, 201, 429]);
      // Another fan behind the same proxy has a budget of its own.
      expect((await createUser(behindProxy, { 'x-forwarded-for': '203.0.113.8' })).status).toBe(201);
    } finally {
      await behindProxy.handle.stop();
    }
  });
});

describe('token routes per token', () => {
  it('gives every token its own budget across replicas; over it 429 with Retry-After, other tokens unaffected', async () => {
    const env = { TOKEN_ROUTE_RATE_LIMIT_PER_TOKEN: '4', TOKEN_RATE_LIMIT_WINDOW_MS: '30000' };
    const one = await gatewayWith(env);
    const two = await bootGateway({ WALLET_GRPC_ADDR: wallet.address, CONCERT_GRPC_ADDR: concert.address, QUEUE_GRPC_ADDR: queue.address, RATE_LIMIT_KEY_PREFIX: prefixes.at(-1)!, ...env });
    try {
      const [busy, calm] = [await tokenOfNewFan(one), await tokenOfNewFan(one)];
      const polls = [];
      for (const gw of [one, two, one, two, one]) polls.push(await call(gw, 'GET', '/concerts/IU-2026/token', { headers: { authorization: busy } }));
      expect(polls.map((p) => p.status)).toEqual([200, 200, 200, 200, 429]);
      expect(polls[4]!.body.code).toBe('RATE_LIMITED');
      expect(Number(polls[4]!.retryAfter)).toBeGreaterThan(0);
      // The budget spans the token routes, not one route.
      expect((await call(one, 'GET', '/concerts/IU-2026', { headers: { authorization: busy } })).status).toBe(429);
      expect((await call(two, 'GET', '/concerts/IU-2026/token', { headers: { authorization: calm } })).status).toBe(200);
    } finally {
      await Promise.all([one.handle.stop(), two.handle.stop()]);
    }
  });

  it('spends nothing on a forged token: it is refused as INVALID_TOKEN, however often', async () => {
    const gw = await gatewayWith({ TOKEN_ROUTE_RATE_LIMIT_PER_TOKEN: '2' });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await call(gw, 'GET', '/concerts/IU-2026/token', { headers: { authorization: 'Bearer forged.token.value' } })).status);
      expect(statuses).toEqual([401, 401, 401, 401]);
    } finally {
      await gw.handle.stop();
    }
  });
});
