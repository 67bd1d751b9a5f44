import fc from 'fast-check';
import { ADMIN_TOKEN, type RawRequest } from './stack';

/*
 * Arbitraries of the property tests: the routes of the contract, and for each the parts of a request
 * (path parameters, query, body, headers), well-formed or broken in one of the ways a client can break
 * them. Bodies are built as text, so a key like "__proto__" goes out as an own key, as an attacker
 * would send it, and so bodies that are not JSON at all can be sent.
 */

export type Part = 'path' | 'query' | 'bodyShape' | 'bodyBytes' | 'idempotencyKey';

export interface RouteDef {
  /** The contract's row number. */
  id: string;
  method: string;
  /** Below /api/v1, OpenAPI style: the key of the route in the OpenAPI document with the method. */
  template: string;
  /** The parts that, when malformed, make the request invalid whatever the rest. */
  breakable: Part[];
  needs: { token?: boolean; userKey?: boolean; admin?: boolean };
}

export const ROUTES: readonly RouteDef[] = [
  { id: '0', method: 'POST', template: '/users', breakable: ['bodyShape', 'bodyBytes'], needs: {} },
  { id: '0-2', method: 'GET', template: '/concerts', breakable: ['bodyBytes'], needs: {} },
  { id: '1-1', method: 'POST', template: '/concerts/{concertCode}/token', breakable: ['path', 'bodyShape', 'bodyBytes'], needs: { userKey: true } },
  { id: '1-2', method: 'GET', template: '/concerts/{concertCode}/token', breakable: ['path', 'query', 'bodyShape', 'bodyBytes'], needs: { token: true } },
  { id: '1-3', method: 'DELETE', template: '/concerts/{concertCode}/token', breakable: ['path', 'query', 'bodyShape', 'bodyBytes'], needs: { token: true } },
  { id: '2-1', method: 'GET', template: '/concerts/{concertCode}', breakable: ['path', 'query', 'bodyShape', 'bodyBytes'], needs: { token: true } },
  { id: '2-2', method: 'GET', template: '/concerts/{concertCode}/seats', breakable: ['path', 'query', 'bodyShape', 'bodyBytes'], needs: { token: true } },
  { id: '3-1', method: 'PATCH', template: '/concerts/{concertCode}', breakable: ['path', 'bodyShape', 'bodyBytes'], needs: { token: true } },
  {
    id: '3-2',
    method: 'GET',
    template: '/concerts/{concertCode}/reservations/{reservationId}',
    breakable: ['path', 'query', 'bodyShape', 'bodyBytes'],
    needs: { token: true },
  },
  { id: '4-1', method: 'GET', template: '/users/{UUID}/balance', breakable: ['path', 'bodyBytes'], needs: { userKey: true } },
  { id: '4-2', method: 'PATCH', template: '/users/{UUID}/balance', breakable: ['path', 'bodyShape', 'bodyBytes', 'idempotencyKey'], needs: { userKey: true } },
  { id: '5', method: 'POST', template: '/payments', breakable: ['bodyShape', 'bodyBytes', 'idempotencyKey'], needs: { token: true } },
  { id: '5-1', method: 'GET', template: '/payments/{paymentId}', breakable: ['path', 'query', 'bodyShape', 'bodyBytes'], needs: { token: true } },
  { id: 'admin-parked', method: 'GET', template: '/admin/parked', breakable: ['bodyBytes'], needs: { admin: true } },
  { id: 'admin-saga', method: 'GET', template: '/admin/sagas/{sagaId}', breakable: ['path', 'bodyBytes'], needs: { admin: true } },
];

export const routeKey = (route: RouteDef) => `${route.method} ${route.template}`;
export const route = (id: string) => ROUTES.find((r) => r.id === id)!;

// ---------------------------------------------------------------------------------------------------
// Values

/** Percent-encodes the UTF-8 bytes of `value` (a lone surrogate goes out as U+FFFD, as a client would send it). */
export function pct(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const SPECIAL_STRINGS = [
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'toString',
  '..',
  '.',
  '',
  ' ',
  '\u0000',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e400',
  '{}',
  '[]',
  '😀🎫',
  'ＩＵ-2026',
  'IU-2026\n',
  'IU 2026',
  "' OR 1=1 --",
  '{"$gt":""}',
  '$where',
  '<script>alert(1)</script>',
  '${7*7}',
  '../../etc/passwd',
];

/** Any text a client may put anywhere: ASCII, full unicode (also lone surrogates), specials, long. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(...SPECIAL_STRINGS),
  fc.string({ minLength: 65, maxLength: 300 }),
);

/** Percent-encodings a server cannot decode. */
const brokenPercent = fc.constantFrom('%', '%zz', '%E0%A4%A', '%C0%AF', '%ff', '%FF%FE', 'IU%2', '%uD83D', '%ED%A0%80');

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CONCERT_CODE_RE = /^[A-Za-z0-9_-]{1,64}$/;
const DATE_TIME_RE = /^\d{4}-\d\d-\d\dT\d\d:\d\d/;

/** A path segment the route's schema refuses (or that leaves no route at all). */
export function brokenSegment(param: string): fc.Arbitrary<string> {
  switch (param) {
    case 'concertCode':
      // Not the empty code: `/concerts/` is route 0-2's path.
      return fc.oneof(anyText.filter((s) => s !== '' && !CONCERT_CODE_RE.test(s)).map(pct), brokenPercent);
    case 'UUID':
      return fc.oneof(anyText.filter((s) => !UUID_RE.test(s)).map(pct), brokenPercent, fc.uuid().map((u) => `${u}0`));
    default:
      // Free-form ids (reservationId, paymentId, sagaId): any 1..200 characters are a valid id, unknown or not.
      return fc.oneof(fc.string({ minLength: 201, maxLength: 400 }).map(pct), brokenPercent, fc.constant(''));
  }
}

/** JSON values of every type, and numbers JSON parsers choke on or round. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(1e308, -1e308, 2 ** 53, 2 ** 53 + 2, 1e21, 0.1, -0, 10_000_001, 2 ** 31, -(2 ** 31) - 1, 4.000000000000001),
  anyText,
  fc.constant(null),
);

/** A body as text from ordered pairs: keys such as "__proto__" stay own keys, duplicate keys stay. */
export const objectText = (pairs: readonly (readonly [string, unknown])[]) =>
  `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${v === undefined ? 'null' : JSON.stringify(v)}`).join(',')}}`;

/** Body fields and whether a value is acceptable for each (to generate values that are not). */
const FIELD_OK: Record<string, (v: unknown) => boolean> = {
  UUID: (v) => typeof v === 'string' && UUID_RE.test(v),
  concertDate: (v) => typeof v === 'string' && DATE_TIME_RE.test(v),
  seatNumber: (v) => typeof v === 'number' && Number.isInteger(v),
  amount: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 10_000_000,
};

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];

/** The route's valid body broken in its shape: a wrong value, an extra or prototype key, a missing field, not an object. */
export function brokenBodyShape(valid: Record<string, unknown>, required: readonly string[], known: readonly string[]): fc.Arbitrary<string> {
  const entries = Object.entries(valid);
  const options: fc.Arbitrary<string>[] = [
    // an unknown field, also a prototype key carrying a "valid" field
    fc
      .tuple(fc.oneof(anyText, fc.constantFrom(...PROTO_KEYS)).filter((k) => !known.includes(k)), fc.oneof(anyJson, fc.constant({ UUID: valid.UUID, amount: 1, isAdmin: true })))
      .chain(([key, value]) => fc.integer({ min: 0, max: entries.length }).map((at) => objectText([...entries.slice(0, at), [key, value], ...entries.slice(at)]))),
    // not an object
    fc.oneof(fc.array(anyJson, { maxLength: 3 }), fc.constant([valid])).map((v) => JSON.stringify(v)),
  ];
  if (entries.length > 0) {
    // one field of a wrong type or out of range (also as a later duplicate key, which JSON.parse keeps)
    options.push(
      fc
        .tuple(fc.integer({ min: 0, max: entries.length - 1 }), anyJson, fc.boolean())
        .filter(([i, v]) => !FIELD_OK[entries[i]![0]]!(v))
        .map(([i, v, duplicate]) => {
          const key = entries[i]![0];
          return duplicate ? objectText([...entries, [key, v]]) : objectText(entries.map(([k, old]) => [k, k === key ? v : old] as const));
        }),
    );
  }
  if (required.length > 0) {
    options.push(fc.constantFrom(...required).map((missing) => objectText(entries.filter(([k]) => k !== missing))));
  }
  return fc.oneof(...options);
}

export interface BrokenBytes {
  body: string;
  headers: Record<string, string>;
}

/** A body no route can read: not JSON, a JSON scalar, over 16 KiB, or in an encoding it cannot decode. */
export function brokenBodyBytes(validText: string): fc.Arbitrary<BrokenBytes> {
  const json = { 'content-type': 'application/json' };
  const notJson = fc.oneof(anyText, fc.constantFrom("{'UUID':1}", '{"a":1,}', '{"a":', '[1,2', 'undefined', '\uFEFF{}x', '{"a":1}{"b":2}', 'NaN')).filter((s) => {
    if (s.length === 0) return false;
    try {
      JSON.parse(s);
      return false;
    } catch {
      return true;
    }
  });
  return fc.oneof(
    fc.tuple(notJson, fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', '')).map(
      ([body, type]): BrokenBytes => ({ body, headers: type ? { 'content-type': type } : {} }),
    ),
    fc.constantFrom('1', '"x"', 'null', 'true', '-0', '1e400').map((body) => ({ body, headers: json })),
    fc.integer({ min: 16 * 1024 + 1, max: 40_000 }).map((size) => ({ body: objectText([['pad', 'x'.repeat(size)]]), headers: json })),
    fc.constantFrom<Record<string, string>>(
      { 'content-type': 'application/json', 'content-encoding': 'x-nope' },
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      { 'content-type': 'application/json', 'content-encoding': 'deflate' },
      { 'content-type': 'application/json; charset=latin1' },
      { 'content-type': 'application/json; charset=nope' },
      { 'content-type': 'application/json; charset=utf-16' },
    ).map((headers) => ({ body: validText, headers })),
  );
}

/** Header text (what node sends: no control characters but tab, latin-1 at most). */
export const headerText = (options: { minLength?: number; maxLength?: number } = {}) =>
  fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).filter((c) => c !== 0x7f).map((c) => String.fromCharCode(c)), ...options });

/** An Idempotency-Key the routes refuse: empty once trimmed, or over 200 characters. */
export const brokenIdempotencyKey = fc.oneof(fc.constantFrom('', '   ', '\t'), headerText({ minLength: 201, maxLength: 400 }).filter((s) => s.trim().length > 200));

/** X-Request-Id: none, one the gateway keeps (it must come back), or one it replaces. */
export const requestIdHeader: fc.Arbitrary<Record<string, string>> = fc.oneof(
  fc.constant({}),
  fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,40}$/).map((id) => ({ 'x-request-id': id })),
  fc.oneof(headerText({ minLength: 1, maxLength: 40 }), fc.constant('a'.repeat(129))).map((id) => ({ 'x-request-id': id })),
);

/** A request of `route` from its parts (values of path parameters already encoded). */
export function build(route: RouteDef, parts: { params: Record<string, string>; query?: [string, string][]; body?: string; headers: Record<string, string> }): RawRequest {
  const path = route.template.replace(/\{([^}]+)\}/g, (_, name: string) => parts.params[name] ?? '');
  const query = parts.query?.length ? `?${parts.query.map(([k, v]) => `${k}=${v}`).join('&')}` : '';
  return { method: route.method, path: `${path}${query}`, headers: parts.headers, ...(parts.body === undefined ? {} : { body: parts.body }) };
}

/** Who sends the well-formed parts of a request: a fan with a live token, its key, and the admin token. */
export interface Sender {
  userId: string;
  userKey: string;
  token: string;
  concertCode: string;
  concertDate: string;
  reservationId: string;
}

/** The parts of a valid request of `route` from `sender` (which may still be refused for its state). */
export function validParts(route: RouteDef, s: Sender) {
  const params: Record<string, string> = {
    concertCode: pct(s.concertCode),
    UUID: s.userId,
    reservationId: pct(s.reservationId),
    paymentId: 'pay-unknown',
    sagaId: 'saga-unknown',
  };
  const headers: Record<string, string> = {};
  if (route.needs.token) headers.authorization = `Bearer ${s.token}`;
  if (route.needs.userKey) headers['x-user-key'] = s.userKey;
  if (route.needs.admin) headers['x-admin-token'] = ADMIN_TOKEN;
  const query: [string, string][] = route.id === '2-2' ? [['concertDate', pct(s.concertDate)]] : [];
  const bodies: Record<string, { valid: Record<string, unknown>; required: string[]; known: string[] } | undefined> = {
    '0': { valid: {}, required: [], known: [] },
    '1-1': { valid: { UUID: s.userId }, required: ['UUID'], known: ['UUID'] },
    '1-2': { valid: { UUID: s.userId }, required: [], known: ['UUID'] },
    '1-3': { valid: { UUID: s.userId }, required: [], known: ['UUID'] },
    '2-1': { valid: { UUID: s.userId }, required: [], known: ['UUID'] },
    '2-2': { valid: { UUID: s.userId }, required: [], known: ['UUID', 'concertDate'] },
    '3-1': { valid: { UUID: s.userId, concertDate: s.concertDate, seatNumber: 1 }, required: ['UUID', 'concertDate', 'seatNumber'], known: ['UUID', 'concertDate', 'seatNumber'] },
    '3-2': { valid: { UUID: s.userId }, required: [], known: ['UUID'] },
    '4-2': { valid: { amount: 1_000 }, required: ['amount'], known: ['amount'] },
    '5': { valid: { UUID: s.userId }, required: [], known: ['UUID'] },
    '5-1': { valid: { UUID: s.userId }, required: [], known: ['UUID'] },
  };
  return { params, headers, query, body: bodies[route.id] };
}

/** A request of `route` from `sender` with exactly one part broken; `broken` names it. */
export function malformedRequest(route: RouteDef, s: Sender): fc.Arbitrary<{ broken: string; req: RawRequest }> {
  const v = validParts(route, s);
  const validText = v.body ? JSON.stringify(v.body.valid) : undefined;
  const withBody = (body: string | undefined, headers: Record<string, string> = {}) => ({
    body,
    headers: { ...v.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
  });
  const options: fc.Arbitrary<{ broken: string; req: RawRequest }>[] = [];
  const paramNames = [...route.template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  for (const part of route.breakable) {
    if (part === 'path') {
      options.push(
        fc
          .constantFrom(...paramNames)
          .chain((name) => brokenSegment(name).map((seg) => ({ name, seg })))
          .map(({ name, seg }) => ({ broken: `path ${name}`, req: build(route, { params: { ...v.params, [name]: seg }, query: v.query, ...withBody(validText) }) })),
      );
    }
    if (part === 'query') {
      const names = route.id === '2-2' ? ['UUID', 'concertDate'] : ['UUID'];
      const ok = (name: string) => (name === 'UUID' ? s.userId : pct(s.concertDate));
      options.push(
        fc
          .tuple(fc.constantFrom(...names), fc.oneof(anyText.filter((t) => !UUID_RE.test(t) && !DATE_TIME_RE.test(t)).map(pct), brokenPercent, fc.constant('twice')))
          .map(([name, bad]) => {
            const rest = v.query.filter(([k]) => k !== name);
            const query: [string, string][] = bad === 'twice' ? [...rest, [name, ok(name)], [name, ok(name)]] : [...rest, [name, bad]];
            return { broken: `query ${name}`, req: build(route, { params: v.params, query, ...withBody(validText) }) };
          }),
      );
    }
    if (part === 'bodyShape' && v.body) {
      options.push(brokenBodyShape(v.body.valid, v.body.required, v.body.known).map((body) => ({ broken: 'body shape', req: build(route, { params: v.params, query: v.query, ...withBody(body) }) })));
    }
    if (part === 'bodyBytes') {
      options.push(
        brokenBodyBytes(validText ?? '{}').map(({ body, headers }) => ({
          broken: 'body bytes',
          req: build(route, { params: v.params, query: v.query, body, headers: { ...v.headers, ...headers } }),
        })),
      );
    }
    if (part === 'idempotencyKey') {
      options.push(
        brokenIdempotencyKey.map((key) => ({
          broken: 'Idempotency-Key',
          req: build(route, { params: v.params, query: v.query, ...withBody(validText, { 'idempotency-key': key }) }),
        })),
      );
    }
  }
  return fc.tuple(fc.oneof(...options), requestIdHeader).map(([r, id]) => ({ broken: r.broken, req: { ...r.req, headers: { ...r.req.headers, ...id } } }));
}
