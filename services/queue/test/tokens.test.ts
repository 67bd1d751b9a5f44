import { createHmac } from 'node:crypto';
import { TEST_KEYS, bootQueue, codeOf, newConcert, newPrefix, redisFor, userIds, type QueueHandle } from './queue-harness';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const hs256 = (input: string, secret: string) => createHmac('sha256', secret).update(input).digest('base64url');
const forge = (header: object, payload: object, secret: string) => {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${hs256(input, secret)}`;
};
const decode = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, string>;

describe('queue tokens', () => {
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

  async function activeAndWaiting(concert = newConcert()) {
    const [a, w] = userIds(2) as [string, string];
    const active = await queue.issue(concert, a);
    const waiting = await queue.issue(concert, w);
    expect([active.status!.status, waiting.status!.status]).toEqual(['ACTIVE', 'WAITING']);
    return { concert, active, waiting };
  }

  it('binds user, concert and token id in an HS256 token with a key id', async () => {
    const { concert, active } = await activeAndWaiting();
    const header = JSON.parse(Buffer.from(active.token.split('.')[0]!, 'base64url').toString());
    expect(header).toMatchObject({ alg: 'HS256', kid: 'k1' });
    expect(decode(active.token)).toMatchObject({ sub: active.status!.userId, concert, jti: active.status!.tokenId });
    await expect(queue.validate(concert, active.token, { requireActive: true })).resolves.toMatchObject({
      status: 'ACTIVE',
      userId: active.status!.userId,
      tokenId: active.status!.tokenId,
      concertCode: concert,
    });
  });

  it('rejects forged tokens as INVALID_TOKEN: changed payload, alg none, wrong key, unknown key, garbage', async () => {
    const { concert, active, waiting } = await activeAndWaiting();
    const [header, , signature] = active.token.split('.') as [string, string, string];
    const claims = decode(active.token);
    const secret = TEST_KEYS.split('=')[1]!;

    const forged = {
      changedPayload: `${header}.${b64({ ...claims, sub: waiting.status!.userId })}.${signature}`,
      // The waiting fan's token, re-labelled with the active fan's token id.
      swappedJti: `${waiting.token.split('.')[0]}.${b64({ ...decode(waiting.token), jti: claims.jti })}.${waiting.token.split('.')[2]}`,
      algNone: `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`,
      algNoneWithKid: `${b64({ alg: 'none', kid: 'k1' })}.${b64(claims)}.`,
      wrongKey: forge({ alg: 'HS256', kid: 'k1', typ: 'JWT' }, claims, 'another-secret-that-is-long-enough-000'),
      unknownKid: forge({ alg: 'HS256', kid: 'k9', typ: 'JWT' }, claims, secret),
      noKid: forge({ alg: 'HS256', typ: 'JWT' }, claims, secret),
      otherAlgorithm: `${b64({ alg: 'HS512', kid: 'k1' })}.${b64(claims)}.${createHmac('sha512', secret).update(`${b64({ alg: 'HS512', kid: 'k1' })}.${b64(claims)}`).digest('base64url')}`,
      garbage: 'not-a-token',
      empty: '',
    };
    for (const [name, token] of Object.entries(forged)) {
      expect([name, await codeOf(queue.validate(concert, token))]).toEqual([name, 'INVALID_TOKEN']);
      expect([name, await codeOf(queue.status(concert, token))]).toEqual([name, 'INVALID_TOKEN']);
      expect([name, await codeOf(queue.leave(concert, token))]).toEqual([name, 'INVALID_TOKEN']);
    }
    // The right key and the right claims do verify: the forgeries failed for their flaw alone.
    const resigned = forge(JSON.parse(Buffer.from(header, 'base64url').toString()), claims, secret);
    await expect(queue.validate(concert, resigned)).resolves.toMatchObject({ status: 'ACTIVE' });
  });

  it('answers each row of the token table', async () => {
    const { concert, active, waiting } = await activeAndWaiting();

    // Another concert's token.
    expect(await codeOf(queue.validate(newConcert(), active.token))).toBe('TOKEN_MISMATCH');
    expect(await codeOf(queue.status(newConcert(), waiting.token))).toBe('TOKEN_MISMATCH');
    expect(await codeOf(queue.leave(newConcert(), waiting.token))).toBe('TOKEN_MISMATCH');

    // Still WAITING where ACTIVE is required; fine where it is not.
    expect(await codeOf(queue.validate(concert, waiting.token, { requireActive: true }))).toBe('TOKEN_NOT_ACTIVE');
    await expect(queue.validate(concert, waiting.token)).resolves.toMatchObject({ status: 'WAITING' });

    // Used by a payment: expired for every route, but a lookup that allows it sees EXPIRED.
    await queue.expire(concert, active.status!.tokenId);
    await queue.expire(concert, active.status!.tokenId); // idempotent
    expect(await codeOf(queue.validate(concert, active.token))).toBe('TOKEN_EXPIRED');
    expect(await codeOf(queue.validate(concert, active.token, { requireActive: true }))).toBe('TOKEN_EXPIRED');
    expect(await codeOf(queue.status(concert, active.token))).toBe('TOKEN_EXPIRED');
    await expect(queue.validate(concert, active.token, { allowExpired: true })).resolves.toMatchObject({
      status: 'EXPIRED',
      userId: active.status!.userId,
    });
    // A route that names no concert (payments) learns the token's concert (the payment moved this fan up).
    await expect(queue.validate('', waiting.token)).resolves.toMatchObject({ concertCode: concert, status: 'ACTIVE' });
    expect(await codeOf(queue.validate('', active.token))).toBe('TOKEN_EXPIRED');
    expect(await codeOf(queue.validate('', 'not-a-token'))).toBe('INVALID_TOKEN');
    // allow_expired still checks the signature and the binding.
    expect(await codeOf(queue.validate(newConcert(), active.token, { allowExpired: true }))).toBe('TOKEN_MISMATCH');

    // The payment freed the slot: the waiting fan is ACTIVE now. Then it leaves.
    await expect(queue.validate(concert, waiting.token, { requireActive: true })).resolves.toMatchObject({ status: 'ACTIVE' });
    await queue.leave(concert, waiting.token);
    expect(await codeOf(queue.leave(concert, waiting.token))).toBe('TOKEN_EXPIRED');
    expect(await codeOf(queue.status(concert, waiting.token))).toBe('TOKEN_EXPIRED');
    expect(await codeOf(queue.validate(concert, waiting.token))).toBe('TOKEN_EXPIRED');
  });

  it('keeps tokens valid across a key rotation and signs new ones with the new key', async () => {
    const { concert, waiting } = await activeAndWaiting();
    const rotated = await bootQueue({
      QUEUE_KEY_PREFIX: prefix,
      QUEUE_MAX_ACTIVE: '1',
      TOKEN_SIGNING_KEYS: `k2=second-test-signing-key-0123456789abcdef,${TEST_KEYS}`,
      TOKEN_KEY_ID: 'k2',
    });
    try {
      await expect(rotated.status(concert, waiting.token)).resolves.toMatchObject({ status: 'WAITING', position: 1 });
      const reissued = await rotated.issue(concert, waiting.status!.userId);
      expect(reissued).toMatchObject({ created: false, status: { tokenId: waiting.status!.tokenId, position: 1 } });
      expect(JSON.parse(Buffer.from(reissued.token.split('.')[0]!, 'base64url').toString()).kid).toBe('k2');
      // A replica that does not know k2 yet refuses the new signature, not the token's state.
      expect(await codeOf(queue.validate(concert, reissued.token))).toBe('INVALID_TOKEN');
    } finally {
      await rotated.stop();
    }
  });
});
