import { createHmac } from 'node:crypto';
import { TEST_KEYS, bootQueue, codeOf, newConcert, newPrefix, redisFor, sleep, userIds, type QueueHandle } from './queue-harness';

// Issue 10 point 3: a token's state is its subject's alone, and a token carries an exp that ends it
// whatever its state, so a used-up token reads its reservation and payment for a bounded grace only.

const secret = TEST_KEYS.split('=')[1]!;
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const sign = (claims: object) => {
  const input = `${b64({ alg: 'HS256', kid: 'k1', typ: 'JWT' })}.${b64(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
};
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

describe('the token state is its subject\'s', () => {
  const prefix = newPrefix();
  let queue: QueueHandle;
  let store: Awaited<ReturnType<typeof redisFor>>;

  beforeAll(async () => {
    queue = await bootQueue({ QUEUE_KEY_PREFIX: prefix, QUEUE_MAX_ACTIVE: '1' });
    store = await redisFor(prefix);
  });
  afterAll(async () => {
    await queue.stop();
    await store.cleanup();
  });

  it("a genuinely signed token of user A naming B's token id is TOKEN_MISMATCH on every route, and B's place is untouched", async () => {
    const concert = newConcert();
    const [a, b] = userIds(2) as [string, string];
    const ofB = await queue.issue(concert, b);
    const waitingA = await queue.issue(concert, a);
    expect([ofB.status!.status, waitingA.status!.status]).toEqual(['ACTIVE', 'WAITING']);
    // What a leaked signing key, or a bug that reused a token id, would give: A's subject on B's state.
    const crossed = sign({ ...claimsOf(ofB.token), sub: a });

    expect(await codeOf(queue.validate(concert, crossed))).toBe('TOKEN_MISMATCH');
    expect(await codeOf(queue.validate(concert, crossed, { requireActive: true }))).toBe('TOKEN_MISMATCH');
    expect(await codeOf(queue.validate(concert, crossed, { allowExpired: true }))).toBe('TOKEN_MISMATCH');
    expect(await codeOf(queue.validate('', crossed))).toBe('TOKEN_MISMATCH');
    expect(await codeOf(queue.status(concert, crossed))).toBe('TOKEN_MISMATCH');
    expect(await codeOf(queue.leave(concert, crossed))).toBe('TOKEN_MISMATCH');

    // B still holds the slot; the subject's own token works.
    await expect(queue.validate(concert, ofB.token, { requireActive: true })).resolves.toMatchObject({ status: 'ACTIVE', userId: b });
    expect(await store.activeCount(concert)).toBe(1);
    await expect(queue.status(concert, waitingA.token)).resolves.toMatchObject({ status: 'WAITING', position: 1 });
  });
});

describe('exp', () => {
  const prefix = newPrefix();
  let store: Awaited<ReturnType<typeof redisFor>>;

  beforeAll(async () => {
    store = await redisFor(prefix);
  });
  afterAll(async () => {
    await store.cleanup();
  });

  it('is the join time plus the longest wait, the active TTL and the grace; the same token on a re-issue', async () => {
    const queue = await bootQueue({ QUEUE_KEY_PREFIX: prefix, QUEUE_MAX_WAIT_MS: '3600000', QUEUE_ACTIVE_TTL_MS: '600000', QUEUE_TOKEN_GRACE_MS: '1800000' });
    try {
      const concert = newConcert();
      const [user] = userIds(1) as [string];
      const before = Date.now();
      const issued = await queue.issue(concert, user);
      const exp = claimsOf(issued.token).exp as number;
      const expected = (before + 3_600_000 + 600_000 + 1_800_000) / 1_000;
      expect(exp).toBeGreaterThanOrEqual(Math.floor(expected) - 1);
      expect(exp).toBeLessThanOrEqual(Math.ceil(expected) + 2);
      await sleep(1_100);
      expect((await queue.issue(concert, user)).token).toBe(issued.token);
    } finally {
      await queue.stop();
    }
  });

  it('a genuine token past its exp is TOKEN_EXPIRED everywhere, also where a used-up token may read; one without exp is not ours', async () => {
    const queue = await bootQueue({ QUEUE_KEY_PREFIX: prefix });
    try {
      const concert = newConcert();
      const live = await queue.issue(concert, userIds(1)[0]!);
      const claims = claimsOf(live.token);
      const expired = sign({ ...claims, exp: Math.floor(Date.now() / 1_000) - 1 });
      expect(await codeOf(queue.validate(concert, expired))).toBe('TOKEN_EXPIRED');
      expect(await codeOf(queue.validate(concert, expired, { allowExpired: true }))).toBe('TOKEN_EXPIRED');
      expect(await codeOf(queue.validate('', expired, { allowExpired: true }))).toBe('TOKEN_EXPIRED');
      expect(await codeOf(queue.status(concert, expired))).toBe('TOKEN_EXPIRED');
      expect(await codeOf(queue.leave(concert, expired))).toBe('TOKEN_EXPIRED');
      // The live state was not touched by any of it.
      await expect(queue.validate(concert, live.token)).resolves.toMatchObject({ status: 'ACTIVE' });

      const { exp: _dropped, ...withoutExp } = claims;
      for (const notOurs of [sign(withoutExp), sign({ ...claims, exp: String(claims.exp) }), sign({ ...claims, exp: (claims.exp as number) + 0.5 })]) {
        expect(await codeOf(queue.validate(concert, notOurs, { allowExpired: true }))).toBe('INVALID_TOKEN');
      }
    } finally {
      await queue.stop();
    }
  });

  it('a wait past maxWait ends the place, however often the fan polls', async () => {
    const queue = await bootQueue({ QUEUE_KEY_PREFIX: prefix, QUEUE_MAX_ACTIVE: '1', QUEUE_MAX_WAIT_MS: '600', QUEUE_ADMIT_INTERVAL_MS: '100' });
    try {
      const concert = newConcert();
      const [a, b] = userIds(2) as [string, string];
      await queue.issue(concert, a);
      const waiting = await queue.issue(concert, b);
      expect(waiting.status!.status).toBe('WAITING');
      await sleep(300);
      await expect(queue.status(concert, waiting.token)).resolves.toMatchObject({ status: 'WAITING' });
      await sleep(400);
      expect(await codeOf(queue.status(concert, waiting.token))).toBe('TOKEN_EXPIRED');
    } finally {
      await queue.stop();
    }
  });

  it('a used-up token reads (allowExpired) for the grace after its end, then not, though its exp is hours away', async () => {
    const queue = await bootQueue({ QUEUE_KEY_PREFIX: prefix, QUEUE_TOKEN_GRACE_MS: '400', QUEUE_ADMIT_INTERVAL_MS: '100' });
    try {
      const concert = newConcert();
      const [a, b] = userIds(2) as [string, string];
      const paid = await queue.issue(concert, a);
      const left = await queue.issue(concert, b);
      await queue.expire(concert, paid.status!.tokenId);
      await queue.leave(concert, left.token);
      for (const token of [paid.token, left.token]) {
        await expect(queue.validate(concert, token, { allowExpired: true })).resolves.toMatchObject({ status: 'EXPIRED' });
        expect(await codeOf(queue.validate(concert, token))).toBe('TOKEN_EXPIRED');
      }
      await sleep(600);
      for (const token of [paid.token, left.token]) {
        expect(await codeOf(queue.validate(concert, token, { allowExpired: true }))).toBe('TOKEN_EXPIRED');
        expect((claimsOf(token).exp as number) * 1_000).toBeGreaterThan(Date.now() + 3_600_000);
      }
    } finally {
      await queue.stop();
    }
  });
});
