import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import { serverUrl, uniqueName } from '@concert/testing';
import { bootGateway, bootWallet, type GatewayUnderTest, type WalletUnderTest } from './harness';
import { createClient as createRedisClient } from 'redis';
import { bootConcertService, bootQueueService, bootSoldOutAnswer, deleteKeys } from './queue-stack';

// Routes 1-1, 1-2 and 1-3 and the token table, through the real gateway, queue, concert and wallet
// services on the real stores.

const IU = 'IU-2026';
const NEWJEANS = 'NEWJEANS-2026';

let wallet: WalletUnderTest;
let concert: Awaited<ReturnType<typeof bootConcertService>>;
let queue: Awaited<ReturnType<typeof bootQueueService>>;
let gateway: GatewayUnderTest;
const rateLimitPrefix = uniqueName('gwrl');

const stack = (queueAddress: string, env: Record<string, string> = {}) =>
  bootGateway({
    WALLET_GRPC_ADDR: wallet.address,
    CONCERT_GRPC_ADDR: concert.address,
    QUEUE_GRPC_ADDR: queueAddress,
    RATE_LIMIT_KEY_PREFIX: rateLimitPrefix,
    ...env,
  });

beforeAll(async () => {
  [wallet, concert] = await Promise.all([bootWallet(), bootConcertService()]);
  queue = await bootQueueService({ QUEUE_MAX_ACTIVE: '2', CONCERT_GRPC_ADDR: concert.address });
  gateway = await stack(queue.address);
});

afterAll(async () => {
  await gateway?.handle.stop();
  await Promise.all([wallet?.dispose(), concert?.dispose(), queue?.dispose()]);
  await deleteKeys(await serverUrl('redis'), `${rateLimitPrefix}:*`);
});

interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

async function call(base: string, method: string, path: string, options: { body?: unknown; auth?: string; userKey?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.auth !== undefined) headers.authorization = options.auth;
  if (options.userKey !== undefined) headers['x-user-key'] = options.userKey;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}/api/v1${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
}

/** fetch refuses a GET with a body, which the seed's clients send; plain node:http does not. */
function getWithBody(base: string, path: string, auth: string, body: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = request(`${base}/api/v1${path}`, { method: 'GET', headers: { authorization: auth, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        const headers = new Headers(Object.entries(res.headers).map(([k, v]) => [k, String(v)] as [string, string]));
        resolve({ status: res.statusCode!, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** Every user's key, as POST /users answered it; a join sends the key of the UUID it names. */
const userKeys = new Map<string, string>();
const createUser = async () => {
  const created = (await call(gateway.url, 'POST', '/users', { body: {} })).body as { UUID: string; userKey: string };
  userKeys.set(created.UUID, created.userKey);
  return created.UUID;
};
const join = (concertCode: string, UUID: unknown, base = gateway.url) =>
  call(base, 'POST', `/concerts/${concertCode}/token`, { body: { UUID }, userKey: typeof UUID === 'string' ? userKeys.get(UUID.toLowerCase()) : undefined });
const poll = (concertCode: string, auth?: string, path = '') => call(gateway.url, 'GET', `/concerts/${concertCode}/token${path}`, { auth });
const leave = (concertCode: string, auth?: string) => call(gateway.url, 'DELETE', `/concerts/${concertCode}/token`, { auth });
const bearer = (token: string) => `Bearer ${token}`;

function expectProblem(answer: Answer, status: number, code: string): void {
  expect({ status: answer.status, code: answer.body.code }).toEqual({ status, code });
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(answer.body.requestId).toBe(answer.headers.get('x-request-id'));
}

/** Two fans take the concert's two ACTIVE slots, the third waits (in a fresh queue of its own). */
async function lineOfThree(concertCode: string) {
  const own = await bootQueueService({ QUEUE_MAX_ACTIVE: '2' });
  const gw = await stack(own.address);
  const users = [await createUser(), await createUser(), await createUser()];
  const tokens: string[] = [];
  for (const user of users) tokens.push((await join(concertCode, user, gw.url)).body.token as string);
  return {
    users,
    tokens,
    gw,
    own,
    async dispose() {
      await gw.handle.stop();
      await own.dispose();
    },
  };
}

describe('1-1 POST /concerts/{concertCode}/token', () => {
  it('issues a token (201) and answers the same token and place on a repeat (200)', async () => {
    const [a, b, c] = [await createUser(), await createUser(), await createUser()];
    const first = await join(IU, a);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ token: expect.any(String), status: 'ACTIVE', position: 0, estimatedWaitSeconds: 0, pollAfterSeconds: 0 });
    await join(IU, b);
    const third = await join(IU, c);
    expect(third).toMatchObject({ status: 201, body: { status: 'WAITING', position: 1 } });
    expect(third.body.estimatedWaitSeconds).toBeGreaterThan(0);
    expect(third.body.pollAfterSeconds).toBeGreaterThanOrEqual(1);

    const again = await join(IU, c.toUpperCase());
    expect(again.status).toBe(200);
    expect(again.body).toEqual(third.body);
  });

  it('answers CONCERT_NOT_FOUND, USER_NOT_FOUND and VALIDATION_FAILED', async () => {
    const user = await createUser();
    expectProblem(await join('NO-SUCH-CONCERT', user), 404, 'CONCERT_NOT_FOUND');
    expectProblem(await join(IU, crypto.randomUUID()), 404, 'USER_NOT_FOUND');
    // The concert is checked first when both are missing.
    expectProblem(await join('NO-SUCH-CONCERT', crypto.randomUUID()), 404, 'CONCERT_NOT_FOUND');
    expectProblem(await join(IU, 'not-a-uuid'), 400, 'VALIDATION_FAILED');
    expectProblem(await call(gateway.url, 'POST', `/concerts/${IU}/token`, { body: {} }), 400, 'VALIDATION_FAILED');
    expectProblem(await call(gateway.url, 'POST', `/concerts/${IU}/token`, { body: { UUID: user, extra: 1 } }), 400, 'VALIDATION_FAILED');
    expectProblem(await join('IU{2026}', user), 400, 'VALIDATION_FAILED');
  });
});

describe('1-2 GET and 1-3 DELETE /concerts/{concertCode}/token', () => {
  it('polls with a Bearer or a bare token; WAITING has no activeUntil, ACTIVE has one', async () => {
    const line = await lineOfThree(NEWJEANS);
    try {
      const pollVia = (auth: string) => call(line.gw.url, 'GET', `/concerts/${NEWJEANS}/token`, { auth });
      const active = await pollVia(bearer(line.tokens[0]!));
      expect(active).toMatchObject({ status: 200, body: { status: 'ACTIVE', position: 0, estimatedWaitSeconds: 0 } });
      expect(Date.parse(active.body.activeUntil as string)).toBeGreaterThan(Date.now());
      const waiting = await pollVia(line.tokens[2]!);
      expect(waiting.body).toEqual({ status: 'WAITING', position: 1, estimatedWaitSeconds: expect.any(Number), pollAfterSeconds: 1, activeUntil: null });
      expect((await pollVia(`bearer   ${line.tokens[2]}`)).status).toBe(200);

      // Leaving frees the slot: the waiting fan is ACTIVE at once.
      const left = await call(line.gw.url, 'DELETE', `/concerts/${NEWJEANS}/token`, { auth: bearer(line.tokens[0]!) });
      expect(left.status).toBe(204);
      expect(left.body).toEqual({});
      expect((await pollVia(bearer(line.tokens[2]!))).body).toMatchObject({ status: 'ACTIVE', position: 0 });
      expectProblem(await pollVia(bearer(line.tokens[0]!)), 401, 'TOKEN_EXPIRED');
      expectProblem(await call(line.gw.url, 'DELETE', `/concerts/${NEWJEANS}/token`, { auth: bearer(line.tokens[0]!) }), 401, 'TOKEN_EXPIRED');
    } finally {
      await line.dispose();
    }
  });

  it('rejects a UUID of someone else in the query or the body with TOKEN_MISMATCH', async () => {
    const [me, other] = [await createUser(), await createUser()];
    const token = (await join(NEWJEANS, me)).body.token as string;
    expect((await poll(NEWJEANS, bearer(token), `?UUID=${me}`)).status).toBe(200);
    expect((await getWithBody(gateway.url, `/concerts/${NEWJEANS}/token`, bearer(token), { UUID: me })).status).toBe(200);
    expectProblem(await poll(NEWJEANS, bearer(token), `?UUID=${other}`), 403, 'TOKEN_MISMATCH');
    expectProblem(await getWithBody(gateway.url, `/concerts/${NEWJEANS}/token`, bearer(token), { UUID: other }), 403, 'TOKEN_MISMATCH');
    expectProblem(await call(gateway.url, 'DELETE', `/concerts/${NEWJEANS}/token`, { auth: bearer(token), body: { UUID: other } }), 403, 'TOKEN_MISMATCH');
    expectProblem(await call(gateway.url, 'DELETE', `/concerts/${NEWJEANS}/token?UUID=${other}`, { auth: bearer(token) }), 403, 'TOKEN_MISMATCH');
    // The mismatched DELETE left the token alone.
    expect((await poll(NEWJEANS, bearer(token))).status).toBe(200);
  });
});

describe('the token table through HTTP', () => {
  const sign = (header: object, payload: object, secret: string) => {
    const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
    return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
  };

  it('no token, malformed, forged, alg none → 401 INVALID_TOKEN', async () => {
    const token = (await join(IU, await createUser())).body.token as string;
    const [h, p, s] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, string>;
    const forged = {
      none: undefined,
      empty: '',
      bearerOnly: 'Bearer ',
      malformed: 'Bearer abc.def',
      changedPayload: `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: crypto.randomUUID() })).toString('base64url')}.${s}`,
      algNone: `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${p}.`,
      wrongKey: sign({ alg: 'HS256', kid: 'dev', typ: 'JWT' }, claims, 'a-key-that-the-queue-does-not-know-at-all'),
    };
    for (const [name, auth] of Object.entries(forged)) {
      for (const answer of [await poll(IU, auth), await leave(IU, auth)]) {
        expect([name, answer.status, answer.body.code]).toEqual([name, 401, 'INVALID_TOKEN']);
      }
    }
  });

  // The queue service of these tests runs on the dev signing key (no TOKEN_SIGNING_KEYS): what a leaked
  // key would let anyone sign.
  const DEV_KEY = 'dev-only-queue-token-key-do-not-use-in-production';
  const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
  /** Every route that takes a token, 3-2 and 5-1 among them (they accept a used-up token). */
  const tokenRoutes = (auth: string) => [
    ['1-2', () => poll(IU, auth)],
    ['1-3', () => leave(IU, auth)],
    ['2-1', () => call(gateway.url, 'GET', `/concerts/${IU}`, { auth })],
    ['3-2', () => call(gateway.url, 'GET', `/concerts/${IU}/reservations/IU-2026.x.7.y`, { auth })],
    ['5-1', () => call(gateway.url, 'GET', `/payments/${crypto.randomUUID()}`, { auth })],
  ] as const;

  it("a genuinely signed token of user A naming B's queue state → 403 TOKEN_MISMATCH on every token route; B's place is untouched", async () => {
    const [a, b] = [await createUser(), await createUser()];
    const joined = (await join(IU, b)).body;
    const ofB = joined.token as string;
    const crossed = sign({ alg: 'HS256', kid: 'dev', typ: 'JWT' }, { ...claimsOf(ofB), sub: a }, DEV_KEY);
    for (const [route, send] of tokenRoutes(bearer(crossed))) {
      const answer = await send();
      expect([route, answer.status, answer.body.code]).toEqual([route, 403, 'TOKEN_MISMATCH']);
    }
    expect(await poll(IU, bearer(ofB))).toMatchObject({ status: 200, body: { status: joined.status } });
  });

  it('a genuine token past its exp → 401 TOKEN_EXPIRED on every token route, 3-2 and 5-1 included', async () => {
    const live = (await join(IU, await createUser())).body.token as string;
    const expired = sign({ alg: 'HS256', kid: 'dev', typ: 'JWT' }, { ...claimsOf(live), exp: Math.floor(Date.now() / 1_000) - 1 }, DEV_KEY);
    for (const [route, send] of tokenRoutes(bearer(expired))) {
      const answer = await send();
      expect([route, answer.status, answer.body.code]).toEqual([route, 401, 'TOKEN_EXPIRED']);
    }
    // The live token (same id, its own exp) is untouched.
    expect((await poll(IU, bearer(live))).status).toBe(200);
  });

  it('still WAITING on a route that needs ACTIVE (2-1) → 403 TOKEN_NOT_ACTIVE; ACTIVE passes the guard', async () => {
    const line = await lineOfThree(IU);
    try {
      const browse = (token: string) => call(line.gw.url, 'GET', `/concerts/${IU}`, { auth: bearer(token) });
      expectProblem(await browse(line.tokens[2]!), 403, 'TOKEN_NOT_ACTIVE');
      expect((await browse(line.tokens[0]!)).status).toBe(200);
      expectProblem(await call(line.gw.url, 'GET', `/concerts/${IU}?UUID=${line.users[1]}`, { auth: bearer(line.tokens[0]!) }), 403, 'TOKEN_MISMATCH');
      expectProblem(await call(line.gw.url, 'GET', `/concerts/${NEWJEANS}`, { auth: bearer(line.tokens[0]!) }), 403, 'TOKEN_MISMATCH');
      expectProblem(await call(line.gw.url, 'GET', `/concerts/${IU}`), 401, 'INVALID_TOKEN');
    } finally {
      await line.dispose();
    }
  });

  it("another concert's token → 403 TOKEN_MISMATCH", async () => {
    const token = (await join(NEWJEANS, await createUser())).body.token as string;
    expectProblem(await poll(IU, bearer(token)), 403, 'TOKEN_MISMATCH');
    expectProblem(await leave(IU, bearer(token)), 403, 'TOKEN_MISMATCH');
  });

  it('used by a payment → 401 TOKEN_EXPIRED, and the next fan moves up', async () => {
    const line = await lineOfThree(IU);
    try {
      const tokenId = JSON.parse(Buffer.from(line.tokens[0]!.split('.')[1]!, 'base64url').toString()).jti as string;
      await line.own.expireToken(IU, tokenId);
      const pollVia = (token: string) => call(line.gw.url, 'GET', `/concerts/${IU}/token`, { auth: bearer(token) });
      expectProblem(await pollVia(line.tokens[0]!), 401, 'TOKEN_EXPIRED');
      expect((await pollVia(line.tokens[2]!)).body).toMatchObject({ status: 'ACTIVE' });
    } finally {
      await line.dispose();
    }
  });

  it('expired after activeTtl → 401 TOKEN_EXPIRED; a new join starts at the back', async () => {
    const shortLived = await bootQueueService({ QUEUE_MAX_ACTIVE: '1', QUEUE_ACTIVE_TTL_MS: '500', QUEUE_ADMIT_INTERVAL_MS: '100' });
    const gw = await stack(shortLived.address);
    try {
      const user = await createUser();
      const first = await join(IU, user, gw.url);
      expect(first.body.status).toBe('ACTIVE');
      await new Promise((r) => setTimeout(r, 700));
      expectProblem(await call(gw.url, 'GET', `/concerts/${IU}/token`, { auth: bearer(first.body.token as string) }), 401, 'TOKEN_EXPIRED');
      const again = await join(IU, user, gw.url);
      expect(again.status).toBe(201);
      expect(again.body.token).not.toBe(first.body.token);
    } finally {
      await gw.handle.stop();
      await shortLived.dispose();
    }
  });
});

describe('token issuance rate limit', () => {
  it('limits one user, with Retry-After, shared by two gateway replicas', async () => {
    const prefix = uniqueName('gwrl');
    const env = { RATE_LIMIT_KEY_PREFIX: prefix, TOKEN_RATE_LIMIT_PER_USER: '3', TOKEN_RATE_LIMIT_WINDOW_MS: '30000' };
    const [one, two] = [await stack(queue.address, env), await stack(queue.address, env)];
    try {
      const user = await createUser();
      const answers = [await join(IU, user, one.url), await join(IU, user, two.url), await join(IU, user, one.url), await join(IU, user, two.url)];
      expect(answers.map((a) => a.status)).toEqual([201, 200, 200, 429]);
      expectProblem(answers[3]!, 429, 'RATE_LIMITED');
      const retryAfter = Number(answers[3]!.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(30);
      // Another user is not affected.
      expect((await join(IU, await createUser(), one.url)).status).toBe(201);
    } finally {
      await Promise.all([one.handle.stop(), two.handle.stop()]);
      await deleteKeys(await serverUrl('redis'), `${prefix}:*`);
    }
  });

  it('limits one client address across users', async () => {
    const prefix = uniqueName('gwrl');
    const gw = await stack(queue.address, { RATE_LIMIT_KEY_PREFIX: prefix, TOKEN_RATE_LIMIT_PER_ADDRESS: '4' });
    try {
      const users = [await createUser(), await createUser(), await createUser(), await createUser(), await createUser()];
      const answers = [];
      for (const user of users) answers.push(await join(NEWJEANS, user, gw.url));
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 429]);
      expect(answers[4]!.headers.get('retry-after')).toMatch(/^\d+$/);
    } finally {
      await gw.handle.stop();
      await deleteKeys(await serverUrl('redis'), `${prefix}:*`);
    }
  });
});

describe('a join burst beyond what the gateway takes in at once', () => {
  it('turns the excess away with 429 and a Retry-After, never a 5xx, and every fan gets in by coming back', async () => {
    const gw = await stack(queue.address, { JOIN_MAX_IN_FLIGHT: '5', TOKEN_RATE_LIMIT_PER_ADDRESS: '100000' });
    try {
      const users = await Promise.all(Array.from({ length: 200 }, () => createUser()));
      const first = await Promise.all(users.map((u) => join(IU, u, gw.url)));
      const statuses = first.map((a) => a.status);
      expect(statuses.filter((x) => x >= 500)).toEqual([]);
      expect(statuses.filter((x) => x === 429).length).toBeGreaterThan(0);
      expect(statuses.filter((x) => x === 201).length).toBeGreaterThanOrEqual(5);
      for (const a of first.filter((x) => x.status === 429)) {
        expect(a.body.code).toBe('RATE_LIMITED');
        expect(Number(a.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      }
      // Coming back (a few at a time, as Retry-After spreads them), everyone is let in.
      let turnedAway = users.filter((_, i) => first[i]!.status === 429);
      for (let round = 0; turnedAway.length > 0 && round < 50; round++) {
        const again: Awaited<ReturnType<typeof join>>[] = [];
        for (let i = 0; i < turnedAway.length; i += 5) again.push(...(await Promise.all(turnedAway.slice(i, i + 5).map((u) => join(IU, u, gw.url)))));
        expect(again.filter((a) => a.status >= 500)).toEqual([]);
        turnedAway = turnedAway.filter((_, i) => again[i]!.status === 429);
      }
      expect(turnedAway).toEqual([]);
    } finally {
      await gw.handle.stop();
    }
  });
});

describe('a sold-out concert (every seat of every date sold)', () => {
  it('1-2 answers SOLD_OUT once (then the token is over) and 1-1 answers 409 SOLD_OUT', async () => {
    const answer = await bootSoldOutAnswer();
    const own = await bootQueueService({ QUEUE_MAX_ACTIVE: '1', QUEUE_ADMIT_INTERVAL_MS: '50', CONCERT_GRPC_ADDR: answer.address });
    const gw = await stack(own.address);
    const redis = await createRedisClient({ url: await serverUrl('redis') }).connect();
    try {
      const [a, b, c] = [await createUser(), await createUser(), await createUser()];
      const [active, waiting] = [(await join(NEWJEANS, a, gw.url)).body, (await join(NEWJEANS, b, gw.url)).body];
      expect([active.status, waiting.status]).toEqual(['ACTIVE', 'WAITING']);

      answer.soldOut.add(NEWJEANS);
      const flag = `${own.prefix}:{${NEWJEANS}}:soldout`;
      for (let started = Date.now(); (await redis.exists(flag)) === 0; ) {
        if (Date.now() - started > 5_000) throw new Error('the queue never learned the concert is sold out');
        await new Promise((r) => setTimeout(r, 25));
      }

      const pollVia = (token: unknown) => call(gw.url, 'GET', `/concerts/${NEWJEANS}/token`, { auth: bearer(token as string) });
      const soldOut = { status: 'SOLD_OUT', position: 0, estimatedWaitSeconds: 0, pollAfterSeconds: 0, activeUntil: null };
      for (const token of [active.token, waiting.token]) {
        expect(await pollVia(token)).toMatchObject({ status: 200, body: soldOut });
        expectProblem(await pollVia(token), 401, 'TOKEN_EXPIRED');
      }
      expectProblem(await join(NEWJEANS, c, gw.url), 409, 'SOLD_OUT');
    } finally {
      await redis.quit();
      await gw.handle.stop();
      await own.dispose();
      await answer.stop();
    }
  });

  it('is in the OpenAPI document: 409 on 1-1, SOLD_OUT among the statuses of 1-2', async () => {
    const doc = (await (await fetch(`${gateway.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, { properties: { status: { enum: string[] } } }> };
    };
    expect(Object.keys(doc.paths['/api/v1/concerts/{concertCode}/token']!.post!.responses)).toContain('409');
    expect(doc.components.schemas.QueueStatus!.properties.status.enum).toEqual(['WAITING', 'ACTIVE', 'SOLD_OUT']);
  });
});
