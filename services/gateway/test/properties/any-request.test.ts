import fc from 'fast-check';
import { loadContract, problemViolation, type Contract } from './contract';
import { anyJson, anyText, brokenBodyBytes, brokenIdempotencyKey, build, headerText, objectText, pct, requestIdHeader, ROUTES, routeKey, type RouteDef } from './arbitraries';
import {
  ADMIN_TOKEN,
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
  SIGNING_SECRET,
  storeSnapshot,
  untilActive,
  type FanWithToken,
  type PropertyStack,
} from './stack';

// Issue 10 item 7, a stranger's campaign: requests of any route built from any mix of parts — path
// parameters, query fields and body fields naming the victim V, the stranger S or nobody, valid or not;
// any content type; the stranger's own live tokens and key, V's token forged, expired or cut, V's key
// almost right, the admin token or not, any Idempotency-Key and X-Request-Id — never get a 5xx, every
// error is a contract problem of the route, and the stranger learns and changes nothing of V's: no 2xx
// for V's UUID on 1-1, 4-1 or 4-2, nor for V's reservation; no answer holds V's token or key; V's
// documents in every store are as they were, V's token is ACTIVE, V's seat HELD, V's balance the same.
// The stranger's own valid requests may succeed (S holds a seat, tops up, leaves the queue …).
//
// Runs: RUNS (4,000) requests over the 15 routes; measured on the 2-core dev machine: the whole file (boot
// included) ~5.5 s at 1,500 runs, ~9.5 s at 4,000. The answers' statuses are printed at the end (1,500 runs:
// 200×77 201×40 400×948 401×220 403×11 404×48 413×122 415×34).

const RUNS = 4_000;

let stack: PropertyStack;
let contract: Contract;
let victim: FanWithToken;
let stranger: FanWithToken;
let strangerElsewhere: FanWithToken;
let reservationId: string;
let before: Record<string, string>;
const started = Date.now();
/** How the campaign was answered: status → count (printed at the end). */
const tally = new Map<number, number>();

beforeAll(async () => {
  stack = await bootPropertyStack({ maxActive: 10 });
  contract = await loadContract(stack.gateway.url);
  victim = await untilActive(stack, await join(stack, await newFan(stack)));
  const s = await newFan(stack);
  stranger = await untilActive(stack, await join(stack, s));
  strangerElsewhere = await untilActive(stack, await join(stack, s, NEWJEANS));
  await charge(stack, victim, 300_000);
  reservationId = await hold(stack, victim, stack.dates[2]!, 11);
  before = await storeSnapshot(stack, victim.userId);
}, 60_000);

afterAll(async () => {
  const statuses = [...tally].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(' ');
  console.log(`any-request property: ${RUNS} runs, answered ${statuses}; whole file ${Date.now() - started} ms`);
  await stack?.stop();
});

interface Pools {
  token: fc.Arbitrary<string | undefined>;
  userKey: fc.Arbitrary<string | undefined>;
  uuid: fc.Arbitrary<string>;
}

function pools(): Pools {
  const v = claimsOf(victim.token);
  const vClaims = { concertCode: String(v.concert), userId: String(v.sub), tokenId: String(v.jti), exp: Number(v.exp) };
  const token = fc.oneof(
    fc.constantFrom<string | undefined>(undefined, stranger.token, strangerElsewhere.token),
    fc.constant(signToken(realHeader, queueClaims({ ...vClaims, exp: Math.floor(Date.now() / 1000) - 60 }), SIGNING_SECRET)),
    fc.string({ minLength: 32, maxLength: 40 }).map((secret) => signToken(realHeader, queueClaims(vClaims), secret)),
    fc.integer({ min: 1, max: victim.token.length - 1 }).map((n) => victim.token.slice(0, n)),
    headerText({ maxLength: 60 }),
  );
  const key = victim.userKey;
  const userKey = fc.oneof(
    fc.constantFrom<string | undefined>(undefined, stranger.userKey, '', `${key}x`, key.slice(1)),
    headerText({ maxLength: 60 }),
  );
  const uuid = fc.oneof(fc.constantFrom(victim.userId, victim.userId.toUpperCase(), stranger.userId), fc.uuid({ version: 4 }), anyText);
  return { token, userKey, uuid };
}

const FIELDS = ['UUID', 'concertDate', 'seatNumber', 'amount'];

function anyRequest(p: Pools): fc.Arbitrary<{ route: RouteDef; req: ReturnType<typeof build> }> {
  const dateValue = fc.oneof(fc.constantFrom(...stack.dates), anyText);
  const fieldValue = (name: string): fc.Arbitrary<unknown> =>
    name === 'UUID' ? fc.oneof(p.uuid, anyJson) : name === 'concertDate' ? fc.oneof(dateValue, anyJson) : fc.oneof(fc.integer({ min: -5, max: 60 }), fc.integer({ min: 1, max: 10_000_000 }), anyJson);
  const body: fc.Arbitrary<{ body?: string; headers: Record<string, string> }> = fc.oneof(
    fc.constant({ headers: {} }),
    fc
      .uniqueArray(fc.oneof(fc.constantFrom(...FIELDS), fc.constantFrom('__proto__', 'constructor'), anyText), { maxLength: 4 })
      .chain((keys) => fc.tuple(...keys.map((k) => fieldValue(k).map((value) => [k, value] as const))))
      .map((pairs) => ({ body: objectText(pairs), headers: { 'content-type': 'application/json' } as Record<string, string> })),
    brokenBodyBytes('{}'),
  );
  const query = fc.uniqueArray(
    fc.oneof(p.uuid.map((u) => ['UUID', pct(u)] as [string, string]), dateValue.map((d) => ['concertDate', pct(d)] as [string, string]), anyText.map((t) => [pct(t), pct(t)] as [string, string])),
    { maxLength: 3, selector: ([k]) => k },
  );
  return fc
    .record({
      route: fc.constantFrom(...ROUTES),
      concertCode: fc.oneof(fc.constantFrom(IU, NEWJEANS, 'NOPE-2026'), anyText.filter((s) => s !== '').map(pct)),
      UUID: p.uuid.filter((s) => s !== '').map(pct),
      reservationId: fc.oneof(fc.constant(reservationId), fc.string({ minLength: 1, maxLength: 30 })).map(pct),
      freeId: fc.string({ minLength: 1, maxLength: 30 }).map(pct),
      query,
      body,
      token: p.token,
      bearer: fc.constantFrom('Bearer ', ''),
      userKey: p.userKey,
      admin: fc.constantFrom<string | undefined>(undefined, ADMIN_TOKEN, `${ADMIN_TOKEN}x`),
      idempotencyKey: fc.oneof(fc.constant(undefined), fc.stringMatching(/^[A-Za-z0-9-]{1,40}$/), brokenIdempotencyKey),
      contentType: fc.constantFrom<string | undefined>(undefined, 'application/json', 'text/plain', 'application/xml', 'application/json; charset=utf-8'),
      requestId: requestIdHeader,
    })
    .map((r) => {
      const headers: Record<string, string> = { ...r.body.headers, ...r.requestId };
      if (r.contentType !== undefined && r.body.body !== undefined && !r.body.headers['content-encoding']) headers['content-type'] = r.contentType;
      if (r.token !== undefined) headers.authorization = `${r.bearer}${r.token}`;
      if (r.userKey !== undefined) headers['x-user-key'] = r.userKey;
      if (r.admin !== undefined) headers['x-admin-token'] = r.admin;
      if (r.idempotencyKey !== undefined) headers['idempotency-key'] = r.idempotencyKey;
      const params = { concertCode: r.concertCode, UUID: r.UUID, reservationId: r.reservationId, paymentId: r.freeId, sagaId: r.freeId };
      return { route: r.route, req: build(r.route, { params, query: r.query, body: r.body.body, headers }) };
    });
}

/** Does this request act for V: V's UUID in the path or body of 1-1, 4-1, 4-2, or V's reservation on 3-2? */
/**
 * Whether a 2xx to this request would have acted for V: 4-1, 4-2 and 3-2 act for what their path
 * names, 1-1 for the UUID of its body. A UUID elsewhere (a query) is not read by those routes: the
 * answer is then about the user the route did read.
 */
function actsForVictim(route: RouteDef, req: ReturnType<typeof build>): boolean {
  const [pathname = ''] = req.path.split('?');
  const names = (part: string, id: string) => decodeURIComponentSafe(part).toLowerCase().includes(id.toLowerCase());
  if (route.id === '4-1' || route.id === '4-2') return names(pathname, victim.userId);
  if (route.id === '1-1') return names(String(req.body ?? ''), victim.userId);
  if (route.id === '3-2') return names(pathname, reservationId);
  return false;
}

const decodeURIComponentSafe = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

describe("a stranger's requests on any route", () => {
  it('never get a 5xx or a non-contract answer, and never act for the victim', async () => {
    await fc.assert(
      fc.asyncProperty(anyRequest(pools()), async ({ route, req }) => {
        const answer = await send(stack.base, req);
        tally.set(answer.status, (tally.get(answer.status) ?? 0) + 1);
        const why = problemViolation(contract, routeKey(route), req, answer);
        if (why) throw new Error(`${route.id}: ${why} — answered ${answer.status} ${answer.text.slice(0, 300)}`);
        if (answer.status < 300 && actsForVictim(route, req)) throw new Error(`${route.id}: a stranger acted for V: ${answer.status} ${answer.text.slice(0, 300)}`);
        if (answer.text.includes(victim.token) || answer.text.includes(victim.userKey)) throw new Error(`${route.id}: the answer holds V's token or key`);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it("left V's documents in every store as they were, V's token ACTIVE, seat HELD and balance", async () => {
    expect(await storeSnapshot(stack, victim.userId)).toEqual(before);
    expect((await poll(stack, victim)).json).toMatchObject({ status: 'ACTIVE' });
    const reservation = await sendJson(stack.base, 'GET', `/concerts/${IU}/reservations/${reservationId}`, { headers: { authorization: `Bearer ${victim.token}` } });
    expect(reservation.json).toMatchObject({ status: 'HELD', seatNumber: 11 });
    const balance = await sendJson(stack.base, 'GET', `/users/${victim.userId}/balance`, { headers: { 'x-user-key': victim.userKey } });
    expect(balance.json).toEqual({ balance: 300_000 });
    expect(stack.gateway.logLines().filter((l) => Number(l.level) >= 50)).toEqual([]);
  });
});
