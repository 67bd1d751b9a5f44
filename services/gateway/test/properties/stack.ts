import { createHash, createHmac } from 'node:crypto';
import { request } from 'node:http';
import * as path from 'node:path';
import mongoose from 'mongoose';
import { AmqpBroker, deleteTopology, sagaTopology } from '@concert/amqp-kit';
import { seedDemoCatalog, start as startConcert } from '@concert/concert-service';
import { createLogger } from '@concert/logger';
import { isolatedMongoUrl, serverUrl, uniqueName } from '@concert/testing';
import { start as startWallet } from '@concert/wallet-service';
import { bootGateway, type GatewayUnderTest } from '../harness';
import { bootQueueService, deleteKeys } from '../queue-stack';

/*
 * The whole system for the property tests (issue 10 item 7): the real gateway in-process in front of the
 * real wallet, concert, queue and payment services on the real stores (FerretDB, Redis, RabbitMQ), each
 * on its own database / key prefix / broker namespace. Unlike test/harness.ts and test/queue-stack.ts,
 * whose pieces are reused here, it keeps every database's URL so a property can compare the stores
 * before and after a campaign ("nothing stored"), and it signs its queue tokens with a key the test
 * knows, so it can forge tokens (expired, wrong key, subject swapped) the way only a key holder could.
 */

export const IU = 'IU-2026';
export const NEWJEANS = 'NEWJEANS-2026';
export const ADMIN_TOKEN = 'property-test-admin-token-0123456789';
/** The queue service's one signing key in these tests: kid `prop`. */
export const SIGNING_KID = 'prop';
export const SIGNING_SECRET = 'property-tests-signing-secret-0123456789abcdef';

/** The payment service has no test harness of its own in the gateway: its sources, loaded by path. */
interface PaymentModule {
  start(config: unknown): Promise<{ grpcPort: number; stop(): Promise<void> }>;
}
interface PaymentConfigModule {
  readConfig(env: Record<string, string>): unknown;
}
const PAYMENT_SRC = path.resolve(__dirname, '../../../payment/src');

export interface StackOptions {
  /** QUEUE_MAX_ACTIVE of both concerts: small, so that the next fan WAITs. */
  maxActive: number;
}

export async function bootPropertyStack({ maxActive }: StackOptions) {
  const [walletDb, concertDb, paymentDb] = await Promise.all([isolatedMongoUrl('prop_wallet'), isolatedMongoUrl('prop_concert'), isolatedMongoUrl('prop_payment')]);
  const amqpUrl = await serverUrl('amqp');
  const redisUrl = await serverUrl('redis');
  const namespace = uniqueName('prop');
  const rateLimitPrefix = uniqueName('proprl');
  const seeded = await seedDemoCatalog(concertDb);
  // What is up so far, stopped if a later service fails to start (else jest would hang on their handles).
  const started: (() => Promise<unknown>)[] = [];
  const up = <T>(handle: T, stop: (h: T) => Promise<unknown>): T => {
    started.unshift(() => stop(handle));
    return handle;
  };
  try {
    // The saga's exchanges and queues exist before the gateway's parked-message view looks at them.
    const broker = await AmqpBroker.connect({ url: amqpUrl, topology: sagaTopology(namespace), logger: createLogger('prop-test', 'silent') });
    up(broker, (b) => b.close());

    const wallet = up(await startWallet({ GRPC_PORT: 0, MONGO_URL: walletDb, AMQP_URL: 'amqp://unused:5672', LOG_LEVEL: 'silent' }), (h) => h.stop());
    const concert = up(await startConcert({ GRPC_PORT: 0, MONGO_URL: concertDb, AMQP_URL: 'amqp://unused:5672', HOLD_TTL_MS: 600_000, LOG_LEVEL: 'silent' }), (h) => h.stop());
    const addr = (port: number) => `127.0.0.1:${port}`;
    const queue = up(await bootQueueService({
      CONCERT_GRPC_ADDR: addr(concert.grpcPort),
      QUEUE_MAX_ACTIVE: String(maxActive),
      QUEUE_ADMIT_INTERVAL_MS: '50',
      TOKEN_SIGNING_KEYS: `${SIGNING_KID}=${SIGNING_SECRET}`,
    }), (h) => h.dispose());
    const { start: startPayment } = (await import(path.join(PAYMENT_SRC, 'main.ts'))) as PaymentModule;
    const { readConfig: readPaymentConfig } = (await import(path.join(PAYMENT_SRC, 'config.ts'))) as PaymentConfigModule;
    const payment = up(await startPayment(
      readPaymentConfig({
        GRPC_PORT: '0',
        MONGO_URL: paymentDb,
        AMQP_URL: amqpUrl,
        AMQP_NAMESPACE: namespace,
        CONCERT_GRPC_ADDR: addr(concert.grpcPort),
        WALLET_GRPC_ADDR: addr(wallet.grpcPort),
        QUEUE_GRPC_ADDR: queue.address,
        LOG_LEVEL: 'silent',
      }),
    ), (h) => h.stop());
    const gateway: GatewayUnderTest = await bootGateway({
      WALLET_GRPC_ADDR: addr(wallet.grpcPort),
      CONCERT_GRPC_ADDR: addr(concert.grpcPort),
      QUEUE_GRPC_ADDR: queue.address,
      PAYMENT_GRPC_ADDR: addr(payment.grpcPort),
      AMQP_URL: amqpUrl,
      AMQP_NAMESPACE: namespace,
      ADMIN_TOKEN,
      RATE_LIMIT_KEY_PREFIX: rateLimitPrefix,
      // The campaigns send thousands of requests from one address and a few tokens: no budget runs out
      // (a 429 RATE_LIMITED would still be a contract answer, but would hide what lies behind it).
      TOKEN_RATE_LIMIT_PER_USER: '1000000',
      TOKEN_RATE_LIMIT_PER_ADDRESS: '1000000',
      TOKEN_ROUTE_RATE_LIMIT_PER_TOKEN: '1000000',
      USER_CREATE_RATE_LIMIT_PER_ADDRESS: '1000000',
      GRPC_TIMEOUT_MS: '10000',
      PAYMENT_WAIT_MS: '300',
    });
    const base = `${gateway.url}/api/v1`;
    const stores = { wallet: walletDb, concert: concertDb, payment: paymentDb };
    const connections = Object.fromEntries(
      await Promise.all(Object.entries(stores).map(async ([name, url]) => [name, await mongoose.createConnection(url).asPromise()] as const)),
    ) as Record<keyof typeof stores, mongoose.Connection>;

    return {
      gateway,
      base,
      dates: seeded.find((c) => c.concertCode === IU)!.concertDates,
      connections,
      queuePrefix: queue.prefix,
      async stop() {
        await gateway.handle.stop();
        await payment.stop();
        await queue.dispose();
        await concert.stop();
        await wallet.stop();
        for (const connection of Object.values(connections)) {
          await connection.dropDatabase();
          await connection.close();
        }
        const channel = await broker.currentConnection()!.createChannel();
        await deleteTopology(channel, sagaTopology(namespace));
        await broker.close();
        await deleteKeys(redisUrl, `${rateLimitPrefix}:*`);
      },
    };
  } catch (error) {
    for (const stop of started) await stop().catch(() => undefined);
    throw error;
  }
}

export type PropertyStack = Awaited<ReturnType<typeof bootPropertyStack>>;

/**
 * Every document of every collection of the wallet, concert and payment stores, as one comparable text;
 * with `needle`, only the documents whose JSON contains it (e.g. one user's id).
 */
export async function storeSnapshot(stack: PropertyStack, needle?: string): Promise<Record<string, string>> {
  const snapshot: Record<string, string> = {};
  for (const [name, connection] of Object.entries(stack.connections)) {
    const collections = (await connection.db!.listCollections().toArray()).map((c) => c.name).sort();
    for (const collection of collections) {
      const docs = (await connection.db!.collection(collection).find({}).toArray()).filter((doc) => needle === undefined || JSON.stringify(doc).includes(needle));
      if (needle !== undefined && docs.length === 0) continue;
      // `listed` is set by the concert service's reads of records the seed wrote in bulk: not an input's trace.
      const texts = docs.map(({ listed: _listed, ...doc }) => JSON.stringify(doc)).sort();
      snapshot[`${name}.${collection}`] = `${docs.length} docs, sha256 ${createHash('sha256').update(texts.join('\n')).digest('hex')}`;
    }
  }
  return snapshot;
}

// ---------------------------------------------------------------------------------------------------
// HTTP: node:http, so that a request goes out exactly as generated (a GET with a body, a path that is
// not normalised, any content type, broken percent-encoding, a body that is not what its header says).

export interface RawRequest {
  method: string;
  /** Below /api/v1, already encoded as it goes on the wire. */
  path: string;
  headers: Record<string, string>;
  body?: Buffer | string;
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: Record<string, unknown> | undefined;
}

export function send(base: string, req: RawRequest): Promise<RawAnswer> {
  const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
  const headers: Record<string, string | number> = { ...req.headers };
  if (body !== undefined) headers['content-length'] = body.length;
  return new Promise((resolve, reject) => {
    // The path goes out as given: a URL would resolve its dot segments (`/concerts/.` → `/concerts/`).
    const url = new URL(base);
    const outgoing = request({ host: url.hostname, port: url.port, path: `${url.pathname}${req.path}`, method: req.method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: Record<string, unknown> | undefined;
        try {
          json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** A JSON request as a well-behaved client sends it. */
export const sendJson = (base: string, method: string, p: string, options: { body?: unknown; headers?: Record<string, string> } = {}) =>
  send(base, {
    method,
    path: p,
    headers: { ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });

// ---------------------------------------------------------------------------------------------------
// Fans

export interface Fan {
  userId: string;
  userKey: string;
}

export interface FanWithToken extends Fan {
  token: string;
  tokenId: string;
  concertCode: string;
}

export async function newFan(stack: PropertyStack): Promise<Fan> {
  const created = await sendJson(stack.base, 'POST', '/users', { body: {} });
  if (created.status !== 201) throw new Error(`POST /users: ${created.status} ${created.text}`);
  return { userId: created.json!.UUID as string, userKey: created.json!.userKey as string };
}

export const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;

export async function join(stack: PropertyStack, fan: Fan, concertCode = IU): Promise<FanWithToken> {
  const issued = await sendJson(stack.base, 'POST', `/concerts/${concertCode}/token`, { body: { UUID: fan.userId }, headers: { 'x-user-key': fan.userKey } });
  if (issued.status !== 201 && issued.status !== 200) throw new Error(`join: ${issued.status} ${issued.text}`);
  const token = issued.json!.token as string;
  return { ...fan, token, tokenId: claimsOf(token).jti as string, concertCode };
}

export const poll = (stack: PropertyStack, fan: FanWithToken) => sendJson(stack.base, 'GET', `/concerts/${fan.concertCode}/token`, { headers: { authorization: `Bearer ${fan.token}` } });

export async function untilActive(stack: PropertyStack, fan: FanWithToken): Promise<FanWithToken> {
  for (let i = 0; i < 200; i++) {
    const answer = await poll(stack, fan);
    if (answer.json?.status === 'ACTIVE') return fan;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`token of ${fan.userId} never became ACTIVE`);
}

export async function charge(stack: PropertyStack, fan: Fan, amount: number): Promise<void> {
  const answer = await sendJson(stack.base, 'PATCH', `/users/${fan.userId}/balance`, { body: { amount }, headers: { 'x-user-key': fan.userKey } });
  if (answer.status !== 200) throw new Error(`charge: ${answer.status} ${answer.text}`);
}

export async function hold(stack: PropertyStack, fan: FanWithToken, concertDate: string, seatNumber: number): Promise<string> {
  const answer = await sendJson(stack.base, 'PATCH', `/concerts/${fan.concertCode}`, {
    body: { UUID: fan.userId, concertDate, seatNumber },
    headers: { authorization: `Bearer ${fan.token}` },
  });
  if (answer.status !== 200) throw new Error(`hold: ${answer.status} ${answer.text}`);
  return answer.json!.reservationId as string;
}

// ---------------------------------------------------------------------------------------------------
// Tokens as a forger (or a key holder) makes them

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8').toString('base64url');

/** A compact JWS over `header` and `payload` with HMAC-SHA256 under `secret` (any alg the header claims). */
export function signToken(header: Record<string, unknown>, payload: Record<string, unknown>, secret: string): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** The claims the queue service signs, in its order: concert, iss, sub, jti, exp. */
export const queueClaims = (c: { concertCode: string; userId: string; tokenId: string; exp: number }) => ({
  concert: c.concertCode,
  iss: 'concert-queue',
  sub: c.userId,
  jti: c.tokenId,
  exp: c.exp,
});

export const realHeader = { alg: 'HS256', kid: SIGNING_KID, typ: 'JWT' };
