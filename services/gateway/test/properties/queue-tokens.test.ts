import fc from 'fast-check';
import { loadContract, problemViolation, type Contract } from './contract';
import { build, headerText, pct, route, routeKey, validParts, type RouteDef, type Sender } from './arbitraries';
import {
  bootPropertyStack,
  charge,
  claimsOf,
  hold,
  IU,
  join,
  NEWJEANS,
  newFan,
  poll,
  queueClaims,
  realHeader,
  send,
  sendJson,
  signToken,
  SIGNING_KID,
  SIGNING_SECRET,
  storeSnapshot,
  untilActive,
  type FanWithToken,
  type PropertyStack,
} from './stack';

// Issue 10 item 7, the token table on every token route (1-2, 1-3, 2-1, 2-2, 3-1, 3-2, 5, 5-1): a
// request that would act for the victim V (V's UUID, V's held seat and reservation, V's money) with a
// token that is not V's live token is refused with the contract's code, and changes nothing:
// - no token, garbage, V's token truncated or with one character changed, V's claims under `alg: none`
//   or another header, signed with a wrong key or an unknown key id, V's header and signature over other
//   claims, V's token after another scheme than Bearer → 401 INVALID_TOKEN;
// - V's claims with `exp` in the past, signed with the real key; a real-key token naming V with a token
//   id that has no live state → 401 TOKEN_EXPIRED;
// - A's genuine token naming V's UUID (query or body), A's genuine token of another concert, a real-key
//   token with V's token id and A as subject (or A's token id and V) → 403 TOKEN_MISMATCH;
// - W's genuine WAITING token on a route that needs ACTIVE → 403 TOKEN_NOT_ACTIVE.
// Every answer is a contract problem (code, status, fixed texts, requestId). Afterwards every store is as
// it was to the document, and V still has their ACTIVE token, HELD seat and balance.
//
// Runs: RUNS_PER_ROUTE (600) × 8 routes = 4,800 requests; measured on the 2-core dev machine: 300 runs a
// route took 0.53-0.82 s, the whole file (boot included) ~8 s at 300 and ~12 s at 600 (1.0-1.4 s a route). A failure prints the counterexample (kind, route, the Authorization header) and the seed.

const RUNS_PER_ROUTE = 600;
const TOKEN_ROUTES = ['1-2', '1-3', '2-1', '2-2', '3-1', '3-2', '5', '5-1'].map(route);
const CONCERT_ROUTES = new Set(['1-2', '1-3', '2-1', '2-2', '3-1', '3-2']);
const NEEDS_ACTIVE = new Set(['2-1', '2-2', '3-1', '5']);

let stack: PropertyStack;
let contract: Contract;
let victim: FanWithToken;
let attacker: FanWithToken;
let attackerElsewhere: FanWithToken;
let waiting: FanWithToken;
let senderV: Sender;
let before: Record<string, string>;
const started = Date.now();
const timings: string[] = [];

beforeAll(async () => {
  // Two ACTIVE places per concert: V and A hold IU's, so W waits.
  stack = await bootPropertyStack({ maxActive: 2 });
  contract = await loadContract(stack.gateway.url);
  victim = await untilActive(stack, await join(stack, await newFan(stack)));
  const a = await newFan(stack);
  attacker = await untilActive(stack, await join(stack, a));
  attackerElsewhere = await untilActive(stack, await join(stack, a, NEWJEANS));
  waiting = await join(stack, await newFan(stack));
  expect((await poll(stack, waiting)).json).toMatchObject({ status: 'WAITING' });
  await charge(stack, victim, 500_000);
  const concertDate = stack.dates[1]!;
  const reservationId = await hold(stack, victim, concertDate, 9);
  senderV = { userId: victim.userId, userKey: victim.userKey, token: victim.token, concertCode: IU, concertDate, reservationId };
  await sendJson(stack.base, 'GET', `/concerts/${IU}/seats?concertDate=${encodeURIComponent(concertDate)}`, { headers: { authorization: `Bearer ${victim.token}` } });
  before = await storeSnapshot(stack);
}, 60_000);

afterAll(async () => {
  console.log(`queue-token properties: ${timings.join('; ')}; whole file ${Date.now() - started} ms`);
  await stack?.stop();
});

type Expected = { status: number; code: string };
interface TokenCase {
  kind: string;
  /** The Authorization header, or none. */
  authorization: string | undefined;
  /** Whose UUID the request names, and where. */
  uuid: { who: 'V' | 'W' | 'none'; where: 'query' | 'body' };
  idempotencyKey?: string;
  expected: Expected;
}

const INVALID: Expected = { status: 401, code: 'INVALID_TOKEN' };
const EXPIRED: Expected = { status: 401, code: 'TOKEN_EXPIRED' };
const MISMATCH: Expected = { status: 403, code: 'TOKEN_MISMATCH' };
const NOT_ACTIVE: Expected = { status: 403, code: 'TOKEN_NOT_ACTIVE' };

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The token cases of `r`: each a way of not being V's live token, with the contract's answer. */
function tokenCases(r: RouteDef): fc.Arbitrary<TokenCase> {
  const v = claimsOf(victim.token);
  const [vHeader, , vSignature] = victim.token.split('.') as [string, string, string];
  const b64 = (x: unknown) => Buffer.from(JSON.stringify(x)).toString('base64url');
  const bearer = fc.constantFrom('Bearer ', 'bearer ', 'BEARER  ', '', '  Bearer\t');
  const where = fc.constantFrom<'query' | 'body'>('query', 'body');
  const uuidV: fc.Arbitrary<TokenCase['uuid']> = r.id === '3-1' ? fc.constant({ who: 'V' as const, where: 'body' as const }) : fc.oneof(where.map((w) => ({ who: 'V' as const, where: w })), fc.constant({ who: 'none' as const, where: 'query' as const }));
  const idem = r.id === '5' ? fc.option(fc.stringMatching(/^[A-Za-z0-9-]{1,40}$/), { nil: undefined }) : fc.constant(undefined);
  const asCase = (kind: string, token: fc.Arbitrary<string | undefined>, expected: Expected, uuid: fc.Arbitrary<TokenCase['uuid']> = uuidV) =>
    fc.record({ kind: fc.constant(kind), token, prefix: bearer, uuid, idempotencyKey: idem }).map(
      ({ kind: k, token: t, prefix, uuid: u, idempotencyKey }): TokenCase => ({
        kind: k,
        authorization: t === undefined ? undefined : `${prefix}${t}`,
        uuid: u,
        idempotencyKey,
        expected,
      }),
    );
  const vClaims = { concertCode: String(v.concert), userId: String(v.sub), tokenId: String(v.jti), exp: Number(v.exp) };

  const cases: fc.Arbitrary<TokenCase>[] = [
    // 401 INVALID_TOKEN
    fc.constantFrom<string | undefined>(undefined, '', 'Bearer', 'Bearer ', 'Basic', `Basic ${victim.token}`, `Token ${victim.token}`, `Bearer ${victim.token} x`, `${victim.token},${victim.token}`).chain((authorization) =>
      fc.record({ uuid: uuidV, idempotencyKey: idem }).map(({ uuid, idempotencyKey }): TokenCase => ({ kind: 'missing or not Bearer', authorization, uuid, idempotencyKey, expected: INVALID })),
    ),
    asCase('garbage', headerText({ minLength: 1, maxLength: 300 }).filter((s) => !/\s/.test(s)), INVALID),
    asCase('truncated', fc.integer({ min: 1, max: victim.token.length - 1 }).map((n) => victim.token.slice(0, n)), INVALID),
    asCase(
      'garbled',
      fc.oneof(
        // The last character of the signature with its unused bits set: the same bytes, another text.
        fc.constantFrom(...[1, 2, 3].map((bits) => `${victim.token.slice(0, -1)}${B64URL[B64URL.indexOf(victim.token.at(-1)!) ^ bits]}`)),
        fc
        .tuple(fc.integer({ min: 0, max: victim.token.length - 1 }), fc.constantFrom(...`${B64URL}.=+/%~`))
        .filter(([i, c]) => victim.token[i] !== c)
        .map(([i, c]) => `${victim.token.slice(0, i)}${c}${victim.token.slice(i + 1)}`),
      ),
      INVALID,
    ),
    asCase(
      'other header (alg none, HS512, no kid, crit)',
      fc
        .tuple(
          fc.constantFrom<Record<string, unknown>>(
            { alg: 'none', kid: SIGNING_KID, typ: 'JWT' },
            { alg: 'none', typ: 'JWT' },
            { alg: 'NONE', kid: SIGNING_KID },
            { alg: 'HS512', kid: SIGNING_KID, typ: 'JWT' },
            { alg: 'HS256', typ: 'JWT' },
            { alg: 'HS256', kid: SIGNING_KID, typ: 'JWT', crit: ['exp'] },
            { alg: 'RS256', kid: SIGNING_KID, typ: 'JWT' },
          ),
          fc.constantFrom('', vSignature, 'x', 'signature'),
          fc.boolean(),
        )
        .map(([header, signature, signed]) =>
          signed ? signToken(header, queueClaims(vClaims), SIGNING_SECRET) : `${b64(header)}.${b64(queueClaims(vClaims))}.${signature}`,
        ),
      INVALID,
    ),
    asCase('wrong key', fc.string({ minLength: 32, maxLength: 64 }).filter((s) => s !== SIGNING_SECRET).map((secret) => signToken(realHeader, queueClaims(vClaims), secret)), INVALID),
    asCase(
      'unknown key id',
      fc.string({ minLength: 1, maxLength: 20 }).filter((kid) => kid !== SIGNING_KID).map((kid) => signToken({ ...realHeader, kid }, queueClaims(vClaims), SIGNING_SECRET)),
      INVALID,
    ),
    asCase(
      "V's header and signature over other claims",
      fc
        .constantFrom<Record<string, unknown>>(
          { ...v, sub: attacker.userId },
          { ...v, concert: NEWJEANS },
          { ...v, exp: Number(v.exp) + 86_400 },
          { ...v, jti: attacker.tokenId },
          { ...v, iss: 'someone' },
          { ...v, nbf: 0 },
          { ...v, admin: true },
        )
        .map((claims) => `${vHeader}.${b64(claims)}.${vSignature}`),
      INVALID,
    ),
    // 401 TOKEN_EXPIRED: genuine, signed with the real key
    asCase('expired', fc.integer({ min: 1, max: 100_000_000 }).map((ago) => signToken(realHeader, queueClaims({ ...vClaims, exp: nowSeconds() - ago }), SIGNING_SECRET)), EXPIRED),
    asCase('no live state', fc.stringMatching(/^[A-Za-z0-9_-]{16}$/).map((jti) => signToken(realHeader, queueClaims({ ...vClaims, tokenId: jti }), SIGNING_SECRET)), EXPIRED),
    // 403 TOKEN_MISMATCH
    asCase("another user's token", fc.constant(attacker.token), MISMATCH, r.id === '3-1' ? uuidV : where.map((w) => ({ who: 'V' as const, where: w }))),
    asCase(
      "state and subject disagree (real key)",
      fc.constantFrom(
        signToken(realHeader, queueClaims({ ...vClaims, userId: attacker.userId }), SIGNING_SECRET),
        signToken(realHeader, queueClaims({ ...vClaims, tokenId: attacker.tokenId }), SIGNING_SECRET),
      ),
      MISMATCH,
      fc.constant({ who: 'none' as const, where: 'query' as const }),
    ),
  ];
  if (CONCERT_ROUTES.has(r.id)) {
    cases.push(asCase("another concert's token", fc.constant(attackerElsewhere.token), MISMATCH, r.id === '3-1' ? fc.constant({ who: 'V' as const, where: 'body' as const }) : fc.constant({ who: 'none' as const, where: 'query' as const })));
  }
  if (NEEDS_ACTIVE.has(r.id)) {
    cases.push(asCase('WAITING token', fc.constant(waiting.token), NOT_ACTIVE, fc.constant({ who: 'W' as const, where: r.id === '3-1' ? ('body' as const) : ('query' as const) })));
  }
  return fc.oneof(...cases);
}

/** The valid request of `r` acting for V (or W), with the case's token and UUID. */
function requestOf(r: RouteDef, c: TokenCase) {
  const parts = validParts(r, senderV);
  // Route 5's body needs a UUID: V's when the case names nobody.
  const uuid = c.uuid.who === 'V' || (r.id === '5' && c.uuid.who === 'none') ? victim.userId : c.uuid.who === 'W' ? waiting.userId : undefined;
  const query = [...parts.query];
  let body: Record<string, unknown> | undefined = r.id === '3-1' ? { ...parts.body!.valid } : undefined;
  if (uuid !== undefined && c.uuid.where === 'query' && r.id !== '5') query.push(['UUID', pct(uuid)]);
  if (uuid !== undefined && (c.uuid.where === 'body' || r.id === '5')) body = { ...body, UUID: uuid };
  const headers: Record<string, string> = {};
  if (c.authorization !== undefined) headers.authorization = c.authorization;
  if (c.idempotencyKey !== undefined) headers['idempotency-key'] = c.idempotencyKey;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return build(r, { params: parts.params, query, body: body === undefined ? undefined : JSON.stringify(body), headers });
}

describe('a token that is not the fan\'s live token is refused on every token route with the contract\'s code', () => {
  it.each(TOKEN_ROUTES.map((r) => [r.id, r] as const))('route %s', async (_id, r) => {
    const t0 = Date.now();
    await fc.assert(
      fc.asyncProperty(tokenCases(r), async (c) => {
        const req = requestOf(r, c);
        const answer = await send(stack.base, req);
        const why = problemViolation(contract, routeKey(r), req, answer);
        if (why) throw new Error(`${c.kind}: ${why} — answered ${answer.status} ${answer.text.slice(0, 300)}`);
        const got = { status: answer.status, code: answer.json?.code };
        if (got.status !== c.expected.status || got.code !== c.expected.code) {
          throw new Error(`${c.kind}: expected ${c.expected.status} ${c.expected.code}, got ${answer.status} ${answer.text.slice(0, 300)}`);
        }
      }),
      { numRuns: RUNS_PER_ROUTE },
    );
    timings.push(`${r.id} ${RUNS_PER_ROUTE} runs ${Date.now() - t0} ms`);
  });

  it('changed nothing: every store as it was; V still ACTIVE with their hold and balance, W still WAITING', async () => {
    expect(await storeSnapshot(stack)).toEqual(before);
    expect((await poll(stack, victim)).json).toMatchObject({ status: 'ACTIVE' });
    expect((await poll(stack, waiting)).json).toMatchObject({ status: 'WAITING', position: 1 });
    const reservation = await sendJson(stack.base, 'GET', `/concerts/${IU}/reservations/${senderV.reservationId}`, { headers: { authorization: `Bearer ${victim.token}` } });
    expect(reservation.json).toMatchObject({ status: 'HELD', seatNumber: 9 });
    const balance = await sendJson(stack.base, 'GET', `/users/${victim.userId}/balance`, { headers: { 'x-user-key': victim.userKey } });
    expect(balance.json).toEqual({ balance: 500_000 });
    expect(stack.gateway.logLines().filter((l) => Number(l.level) >= 50)).toEqual([]);
  });
});
