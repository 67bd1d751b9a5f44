import { randomUUID } from 'node:crypto';
import { bootGateway, bootWallet, type GatewayUnderTest, type WalletUnderTest } from './harness';

// Routes 0, 4-1 and 4-2 through the real gateway and the real wallet service on the real store.
let wallet: WalletUnderTest;
let gateway: GatewayUnderTest;

beforeAll(async () => {
  wallet = await bootWallet();
  gateway = await bootGateway({ WALLET_GRPC_ADDR: wallet.address });
});

afterAll(async () => {
  await gateway?.handle.stop();
  await wallet?.dispose();
});

interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${gateway.url}${path}`, init);
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
}

/** Every user's key, as POST /users answered it; balance and charge send the key of the UUID they name. */
const userKeys = new Map<string, string>();
const createUser = async () => {
  const created = (await call('POST', '/api/v1/users', {})).body as { UUID: string; userKey: string };
  userKeys.set(created.UUID, created.userKey);
  return created.UUID;
};
const keyOf = (id: string): Record<string, string> => {
  const key = userKeys.get(id.toLowerCase());
  return key ? { 'x-user-key': key } : {};
};
const balance = (id: string) => call('GET', `/api/v1/users/${id}/balance`, undefined, keyOf(id));
const charge = (id: string, body: unknown, headers?: Record<string, string>) => call('PATCH', `/api/v1/users/${id}/balance`, body, { ...keyOf(id), ...headers });

/** Asserts an RFC 9457 body with the contract code, and the request id of the response header. */
function expectProblem(answer: Answer, status: number, code: string): void {
  expect({ status: answer.status, code: answer.body.code }).toEqual({ status, code });
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(answer.body).toEqual({
    type: expect.stringContaining('/problems/'),
    title: expect.any(String),
    status,
    detail: expect.any(String),
    code,
    requestId: answer.headers.get('x-request-id'),
  });
}

describe('users and balances through the gateway', () => {
  it('creates a user, charges, and reads the balance', async () => {
    const created = await call('POST', '/api/v1/users', {});
    expect(created.status).toBe(201);
    const id = created.body.UUID as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.body.userKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    userKeys.set(id, created.body.userKey as string);
    expect((await balance(id)).body).toEqual({ balance: 0 });
    expect(await charge(id, { amount: 10_000 })).toMatchObject({ status: 200, body: { balance: 10_000 } });
    expect(await charge(id, { amount: 10_000_000 })).toMatchObject({ status: 200, body: { balance: 10_010_000 } });
    expect(await balance(id)).toMatchObject({ status: 200, body: { balance: 10_010_000 } });
    // The same UUID in capitals is the same user.
    expect((await balance(id.toUpperCase())).body).toEqual({ balance: 10_010_000 });
  });

  it('creates a user from an empty request too', async () => {
    const res = await fetch(`${gateway.url}/api/v1/users`, { method: 'POST' });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ UUID: expect.any(String), userKey: expect.any(String) });
    // The key is a secret: no cache between the fan and us may keep it.
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('100 parallel charges of 1 give exactly 100', async () => {
    const id = await createUser();
    const answers = await Promise.all(Array.from({ length: 100 }, () => charge(id, { amount: 1 })));
    expect(answers.map((a) => a.status)).toEqual(Array(100).fill(200));
    expect(new Set(answers.map((a) => a.body.balance)).size).toBe(100);
    expect((await balance(id)).body).toEqual({ balance: 100 });
  });

  it('a replayed Idempotency-Key charges once and answers the same; another amount is 422', async () => {
    const id = await createUser();
    const key = { 'Idempotency-Key': randomUUID() };
    const first = await charge(id, { amount: 700 }, key);
    expect(first).toMatchObject({ status: 200, body: { balance: 700 } });
    const racing = await Promise.all(Array.from({ length: 10 }, () => charge(id, { amount: 700 }, key)));
    for (const replay of racing) expect(replay).toMatchObject({ status: 200, body: { balance: 700 } });
    await charge(id, { amount: 1 });
    expect((await charge(id, { amount: 700 }, key)).body).toEqual({ balance: 700 });
    expect((await balance(id)).body).toEqual({ balance: 701 });
    expectProblem(await charge(id, { amount: 701 }, key), 422, 'IDEMPOTENCY_KEY_REUSED');
    // The key is the user's own: another user's charge with it is a new charge.
    const other = await createUser();
    expect((await charge(other, { amount: 700 }, key)).body).toEqual({ balance: 700 });
  });

  describe('4xx rows of the contract', () => {
    it('4-1: a UUID that is not a UUID is 400 VALIDATION_FAILED; an unknown user 404 USER_NOT_FOUND', async () => {
      for (const bad of ['not-a-uuid', '12345', '6b092795-c4b8-4b49-8f06-0246aabbccdz']) {
        expectProblem(await balance(bad), 400, 'VALIDATION_FAILED');
      }
      expectProblem(await balance(randomUUID()), 404, 'USER_NOT_FOUND');
    });

    it.each([
      ['zero', { amount: 0 }],
      ['negative', { amount: -1 }],
      ['not an integer', { amount: 1.5 }],
      ['over 10,000,000', { amount: 10_000_001 }],
      ['a string', { amount: '100' }],
      ['null', { amount: null }],
      ['missing', {}],
    ])('4-2: an amount that is %s is 400 INVALID_AMOUNT', async (_name, body) => {
      const id = await createUser();
      const answer = await charge(id, body);
      expectProblem(answer, 400, 'INVALID_AMOUNT');
      expect(answer.body.detail).toBe('The amount must be an integer from 1 to 10,000,000.');
      expect((await balance(id)).body).toEqual({ balance: 0 });
    });

    it('4-2: an unknown user is 404 USER_NOT_FOUND; a bad UUID 400 VALIDATION_FAILED', async () => {
      expectProblem(await charge(randomUUID(), { amount: 10 }), 404, 'USER_NOT_FOUND');
      expectProblem(await charge('nope', { amount: 10 }), 400, 'VALIDATION_FAILED');
    });

    it('unknown fields are 400 VALIDATION_FAILED', async () => {
      const id = await createUser();
      const answer = await charge(id, { amount: 10, currency: 'KRW' });
      expectProblem(answer, 400, 'VALIDATION_FAILED');
      expectProblem(await call('POST', '/api/v1/users', { name: 'x' }), 400, 'VALIDATION_FAILED');
      expect((await balance(id)).body).toEqual({ balance: 0 });
    });

    it('a body that is not JSON is 400 MALFORMED_JSON, whatever its content type', async () => {
      const id = await createUser();
      expectProblem(await charge(id, '{"amount": 10'), 400, 'MALFORMED_JSON');
      expectProblem(await charge(id, 'amount=10', { 'content-type': 'application/x-www-form-urlencoded' }), 400, 'MALFORMED_JSON');
      expectProblem(await charge(id, '10'), 400, 'MALFORMED_JSON');
      expectProblem(await call('POST', '/api/v1/users', 'hello', { 'content-type': 'text/plain' }), 400, 'MALFORMED_JSON');
      expectProblem(await charge(id, '[1]'), 400, 'VALIDATION_FAILED');
    });

    it('an unreadable request is a 400 problem, not a 500', async () => {
      expectProblem(await balance('%E0%A4%A'), 400, 'VALIDATION_FAILED');
      const id = await createUser();
      expectProblem(await charge(id, '{"amount": 1}', { 'content-encoding': 'gzip' }), 400, 'VALIDATION_FAILED');
      expectProblem(await charge(id, '{"amount": 1}', { 'content-type': 'application/json; charset=latin-9' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('a problem echoes nothing the client sent: detail is the fixed text of its code', async () => {
      const id = await createUser();
      const marker = 'MARKER-7f3a<script>';
      const answers = {
        unparsable: await charge(id, `{"amount": 10, "${marker}": `),
        form: await charge(id, `${marker}=1`, { 'content-type': 'application/x-www-form-urlencoded' }),
        unknownField: await charge(id, { amount: 10, [marker]: marker }),
        wrongType: await charge(id, { amount: marker }),
        badEncoding: await charge(id, `{"amount": "${marker}"}`, { 'content-type': `application/json; charset=${marker}` }),
        badIdempotencyKey: await charge(id, { amount: 1 }, { 'Idempotency-Key': `${marker}${'k'.repeat(200)}` }),
        badPath: await call('GET', `/api/v1/users/${encodeURIComponent(marker)}/balance`),
        unknownRoute: await call('GET', `/api/v1/${encodeURIComponent(marker)}`),
        unknownUser: await call('GET', `/api/v1/users/${randomUUID()}/balance?${encodeURIComponent(marker)}=1`),
      };
      const details = new Map<string, unknown>();
      for (const [name, answer] of Object.entries(answers)) {
        expect([name, answer.status >= 400 && answer.status < 500]).toEqual([name, true]);
        expect([name, JSON.stringify(answer.body)]).toEqual([name, expect.not.stringContaining('MARKER')]);
        details.set(String(answer.body.code), [...((details.get(String(answer.body.code)) as unknown[]) ?? []), answer.body.detail]);
      }
      // One text per code, whatever the input.
      for (const [code, texts] of details) expect([code, new Set(texts as unknown[]).size]).toEqual([code, 1]);
      expect(answers.unparsable.body.detail).toBe('The request body is not valid JSON.');
    });

    it('a 20 KiB body is 413 PAYLOAD_TOO_LARGE', async () => {
      const id = await createUser();
      const answer = await charge(id, { amount: 10, padding: 'x'.repeat(20 * 1024) });
      expectProblem(answer, 413, 'PAYLOAD_TOO_LARGE');
      expect((await balance(id)).body).toEqual({ balance: 0 });
    });

    it('an empty or over-long Idempotency-Key is 400 VALIDATION_FAILED', async () => {
      const id = await createUser();
      expectProblem(await charge(id, { amount: 1 }, { 'Idempotency-Key': 'k'.repeat(201) }), 400, 'VALIDATION_FAILED');
      expectProblem(await charge(id, { amount: 1 }, { 'Idempotency-Key': ' ' }), 400, 'VALIDATION_FAILED');
    });

    it('an unknown route or method is 404 NOT_FOUND', async () => {
      expectProblem(await call('GET', '/api/v1/nothing-here'), 404, 'NOT_FOUND');
      expectProblem(await call('DELETE', `/api/v1/users/${randomUUID()}/balance`), 404, 'NOT_FOUND');
      expectProblem(await call('GET', '/'), 404, 'NOT_FOUND');
    });
  });

  describe('X-Request-Id', () => {
    it('is on every response: success, problem, 404, health and docs', async () => {
      const id = await createUser();
      const answers = [
        await balance(id),
        await balance('bad'),
        await call('GET', '/nowhere'),
        await charge(id, '{'),
        await call('GET', '/health/live'),
        await call('GET', '/api/openapi.json'),
      ];
      for (const a of answers) expect(a.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(new Set(answers.map((a) => a.headers.get('x-request-id'))).size).toBe(answers.length);
    });

    it('keeps a sane incoming id, replaces an unsafe one', async () => {
      const kept = await call('GET', '/api/v1/nothing', undefined, { 'X-Request-Id': 'client-req.42:a_b' });
      expect(kept.headers.get('x-request-id')).toBe('client-req.42:a_b');
      expect(kept.body.requestId).toBe('client-req.42:a_b');
      for (const unsafe of ['has space', 'x'.repeat(200), '{"json":1}']) {
        const replaced = await call('GET', '/api/v1/nothing', undefined, { 'X-Request-Id': unsafe });
        expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      }
    });

    it('is forwarded to the wallet service in gRPC metadata, and logged on both sides', async () => {
      const id = await createUser();
      const requestId = `trace-${randomUUID()}`;
      expect((await charge(id, { amount: 5 }, { 'X-Request-Id': requestId })).status).toBe(200);
      const walletLine = wallet.logLines().find((l) => l.requestId === requestId);
      expect(walletLine).toMatchObject({ msg: 'charge applied', userId: id, amount: 5 });
      const gatewayLine = gateway.logLines().find((l) => l.requestId === requestId);
      expect(gatewayLine).toMatchObject({ msg: 'request completed', res: { statusCode: 200 } });
    });
  });
});
