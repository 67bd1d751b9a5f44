import { randomUUID } from 'node:crypto';
import { serverUrl, uniqueName } from '@concert/testing';
import { bootGateway, bootWallet, type GatewayUnderTest, type WalletUnderTest } from './harness';
import { bootConcertService, bootQueueService, deleteKeys } from './queue-stack';

// The user key (issue 10): only the holder of a user's key acts for that user on the routes without a
// queue token (1-1, 4-1, 4-2). Real gateway, wallet, queue and concert services on the real stores.

const IU = 'IU-2026';
let wallet: WalletUnderTest;
let concert: Awaited<ReturnType<typeof bootConcertService>>;
let queue: Awaited<ReturnType<typeof bootQueueService>>;
let gateway: GatewayUnderTest;
const rateLimitPrefix = uniqueName('gwuk');

const stack = (env: Record<string, string> = {}) =>
  bootGateway({ WALLET_GRPC_ADDR: wallet.address, CONCERT_GRPC_ADDR: concert.address, QUEUE_GRPC_ADDR: queue.address, RATE_LIMIT_KEY_PREFIX: rateLimitPrefix, ...env });

beforeAll(async () => {
  [wallet, concert] = await Promise.all([bootWallet(), bootConcertService()]);
  queue = await bootQueueService({ CONCERT_GRPC_ADDR: concert.address });
  gateway = await stack();
});

afterAll(async () => {
  await gateway?.handle.stop();
  await Promise.all([wallet?.dispose(), concert?.dispose(), queue?.dispose()]);
  await deleteKeys(await serverUrl('redis'), `${rateLimitPrefix}:*`);
});

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

async function call(gw: GatewayUnderTest, method: string, path: string, options: { body?: unknown; key?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key !== undefined) headers['x-user-key'] = options.key;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${gw.url}/api/v1${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const newUser = async (gw = gateway) => (await call(gw, 'POST', '/users', { body: {} })).body as { UUID: string; userKey?: string };
const join = (UUID: string, key?: string, gw = gateway) => call(gw, 'POST', `/concerts/${IU}/token`, { body: { UUID }, key });
const balance = (UUID: string, key?: string, gw = gateway) => call(gw, 'GET', `/users/${UUID}/balance`, { key });
const charge = (UUID: string, amount: number, key?: string, gw = gateway) => call(gw, 'PATCH', `/users/${UUID}/balance`, { body: { amount }, key });

const expectCode = (answer: Answer, status: number, code: string) => expect({ status: answer.status, code: answer.body.code }).toEqual({ status, code });

describe('X-User-Key on 1-1, 4-1 and 4-2', () => {
  it('a missing, wrong or another user\'s key is 401 INVALID_USER_KEY on every one of them', async () => {
    const fan = await newUser();
    const other = await newUser();
    const wrongKeys = { missing: undefined, empty: '', wrong: 'x'.repeat(43), others: other.userKey, longer: `${fan.userKey}A`, huge: 'k'.repeat(5_000) };
    for (const [name, key] of Object.entries(wrongKeys)) {
      for (const answer of [await join(fan.UUID, key), await balance(fan.UUID, key), await charge(fan.UUID, 1_000, key)]) {
        expect([name, answer.status, answer.body.code]).toEqual([name, 401, 'INVALID_USER_KEY']);
      }
    }
    // Nothing happened for the fan: no charge, and the first join with the key makes a new token.
    expect(await balance(fan.UUID, fan.userKey)).toEqual({ status: 200, body: { balance: 0 } });
    expect((await join(fan.UUID, fan.userKey)).status).toBe(201);
    expect(await charge(fan.UUID, 1_000, fan.userKey)).toEqual({ status: 200, body: { balance: 1_000 } });
  });

  it('an unknown UUID stays 404 USER_NOT_FOUND, with or without a key; a bad UUID 400 before both', async () => {
    const someone = await newUser();
    for (const key of [undefined, someone.userKey]) {
      expectCode(await join(randomUUID(), key), 404, 'USER_NOT_FOUND');
      expectCode(await balance(randomUUID(), key), 404, 'USER_NOT_FOUND');
      expectCode(await charge(randomUUID(), 10, key), 404, 'USER_NOT_FOUND');
    }
    expectCode(await balance('not-a-uuid'), 400, 'VALIDATION_FAILED');
    expectCode(await charge(someone.UUID, 0), 400, 'INVALID_AMOUNT');
  });

  it('a stranger who knows only the UUID cannot get the fan\'s token, read the balance or top it up', async () => {
    const fan = await newUser();
    const stranger = await newUser();
    const issued = await join(fan.UUID, fan.userKey);
    expect(issued.status).toBe(201);
    await charge(fan.UUID, 5_000, fan.userKey);

    // The re-issue of a live token goes to the key holder only.
    for (const key of [undefined, stranger.userKey]) {
      const tried = await join(fan.UUID, key);
      expectCode(tried, 401, 'INVALID_USER_KEY');
      expect(JSON.stringify(tried.body)).not.toContain(issued.body.token as string);
      expectCode(await balance(fan.UUID, key), 401, 'INVALID_USER_KEY');
      expectCode(await charge(fan.UUID, 10_000_000, key), 401, 'INVALID_USER_KEY');
    }
    expect(await join(fan.UUID, fan.userKey)).toMatchObject({ status: 200, body: { token: issued.body.token } });
    expect(await balance(fan.UUID, fan.userKey)).toEqual({ status: 200, body: { balance: 5_000 } });
  });

  it('the key is logged nowhere, by the gateway or the wallet', async () => {
    const fan = await newUser();
    await join(fan.UUID, fan.userKey);
    await balance(fan.UUID, fan.userKey);
    await charge(fan.UUID, 1, fan.userKey);
    await balance(fan.UUID, `${fan.userKey}wrong`);
    const logs = JSON.stringify([...gateway.logLines(), ...wallet.logLines()]);
    expect(logs).toContain(fan.UUID);
    expect(logs).not.toContain(fan.userKey);
    expect(logs).not.toContain(`${fan.userKey}wrong`);
  });

  it('is documented: the header and 401 on 1-1, 4-1 and 4-2, the key in POST /users\' answer', async () => {
    type Operation = { parameters?: { in: string; name: string }[]; responses: Record<string, unknown> };
    const doc = (await (await fetch(`${gateway.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, Operation>>;
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    const keyed = [doc.paths['/api/v1/concerts/{concertCode}/token']!.post!, doc.paths['/api/v1/users/{UUID}/balance']!.get!, doc.paths['/api/v1/users/{UUID}/balance']!.patch!];
    for (const operation of keyed) {
      expect(operation.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ in: 'header', name: 'x-user-key' })]));
      expect(Object.keys(operation.responses)).toContain('401');
    }
    expect(Object.keys(doc.components.schemas.CreatedUser!.properties).sort()).toEqual(['UUID', 'userKey']);
  });
});

describe('USER_KEYS=off (the seed\'s keyless API, for demos)', () => {
  it('answers POST /users with the UUID only, and 1-1, 4-1, 4-2 need no key', async () => {
    const keyless = await stack({ USER_KEYS: 'off' });
    try {
      const created = await call(keyless, 'POST', '/users', { body: {} });
      expect(created).toEqual({ status: 201, body: { UUID: expect.any(String) } });
      const id = created.body.UUID as string;
      expect((await join(id, undefined, keyless)).status).toBe(201);
      expect(await charge(id, 300, undefined, keyless)).toEqual({ status: 200, body: { balance: 300 } });
      expect(await balance(id, undefined, keyless)).toEqual({ status: 200, body: { balance: 300 } });
      expectCode(await balance(randomUUID(), undefined, keyless), 404, 'USER_NOT_FOUND');
    } finally {
      await keyless.handle.stop();
    }
  });
});
