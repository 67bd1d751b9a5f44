import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import * as path from 'node:path';
import * as readline from 'node:readline';
import mongoose from 'mongoose';
import { createClient as createRedisClient } from 'redis';
import { connect, type Channel, type ChannelModel } from 'amqplib';
import { deleteTopology, sagaNames, sagaTopology } from '@concert/amqp-kit';
import { seedDemoCatalog, start as startConcert } from '@concert/concert-service';
import { callUnary, createClient, isServing } from '@concert/grpc-kit';
import { loadPaymentProto, loadWalletProto } from '@concert/protos';
import { start as startQueue, readConfig as readQueueConfig } from '@concert/queue-service';
import { isolatedMongoUrl, serverUrl, uniqueName } from '@concert/testing';
import { start as startWallet } from '@concert/wallet-service';
import { readConfig as readPaymentConfig, type PaymentConfig } from '../src/config';
import { start as startPayment, type StartOptions } from '../src/main';
import { http } from './http-client';

const ROOT = path.resolve(__dirname, '../../..');
export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface SystemOptions {
  holdTtlMs?: number;
  stepTimeoutMs?: number;
  /** Run the payment service as a child process (so a test can kill -9 it). */
  paymentAsChild?: boolean;
  /** Every service in its own process, as deployed (benchmarks); no stop/start of single services. */
  allAsChildren?: boolean;
  /** Run these participants as child processes (so a test can kill -9 and restart them). */
  childParticipants?: Participant[];
  /** Sees every command the (in-process) payment service sends to its store. */
  onPaymentStoreCommand?: StartOptions['onStoreCommand'];
  /** Settings of the payment service that override the test defaults (e.g. a hung QUEUE_GRPC_ADDR). */
  paymentEnv?: Record<string, string>;
  /** Puts something (a proxy) between the payment service and its database: returns the URL it uses. */
  paymentMongoVia?: (databaseUrl: string) => Promise<string>;
}

export type Participant = 'concert' | 'wallet';

type Handle = { grpcPort: number; stop(): Promise<void> };

/** A free TCP port on the loopback (for services that must come back on the same address). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

const lastLogs: string[] = [];

async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} not ready within ${timeoutMs} ms; last logs:\n${lastLogs.slice(-20).join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Runs a service's src/main.ts in its own node process, as production would; lines go to `logs`. */
function spawnService(name: string, env: Record<string, string>, logs: string[]): ChildProcess {
  const child = spawn(process.execPath, ['--conditions=@concert/source', '--import', 'tsx', path.join(ROOT, 'services', name, 'src', 'main.ts')], {
    cwd: path.join(ROOT, 'services', name),
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout!, child.stderr!]) {
    readline.createInterface({ input: stream }).on('line', (line) => {
      logs.push(line);
      lastLogs.push(`${name}: ${line}`);
      if (lastLogs.length > 200) lastLogs.shift();
    });
  }
  return child;
}

/**
 * The whole system on real servers: queue (Redis), concert and wallet (FerretDB, own databases),
 * payment (FerretDB) and the gateway, all on a RabbitMQ namespace of their own. Concert, wallet and
 * payment can be stopped and started again on the same addresses.
 */
export async function bootSystem(options: SystemOptions = {}) {
  const namespace = uniqueName('saga');
  const amqpUrl = await serverUrl('amqp');
  const redisUrl = await serverUrl('redis');
  const [concertDb, walletDb, paymentDb] = await Promise.all([isolatedMongoUrl('pay_concert'), isolatedMongoUrl('pay_wallet'), isolatedMongoUrl('pay_payment')]);
  const queuePrefix = uniqueName('payq');
  const rateLimitPrefix = uniqueName('payrl');
  const logs: string[] = [];
  const logLevel = (process.env.LOG_LEVEL as 'silent' | undefined) ?? 'silent';

  const seeded = await seedDemoCatalog(concertDb);
  const children: ChildProcess[] = [];
  const queueEnv = { REDIS_URL: redisUrl, QUEUE_KEY_PREFIX: queuePrefix, QUEUE_MAX_ACTIVE: '5000', QUEUE_ADMIT_INTERVAL_MS: '50', LOG_LEVEL: 'silent' };
  let queue: Handle;
  if (options.allAsChildren) {
    const port = await freePort();
    children.push(spawnService('queue', { ...queueEnv, GRPC_PORT: String(port) }, logs));
    queue = { grpcPort: port, stop: async () => undefined };
  } else {
    queue = await startQueue(readQueueConfig({ ...queueEnv, GRPC_PORT: '0' }));
  }
  const [concertPort, walletPort, paymentPort, gatewayPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);

  const concertConfig = { GRPC_PORT: concertPort, MONGO_URL: concertDb, AMQP_URL: amqpUrl, AMQP_NAMESPACE: namespace, HOLD_TTL_MS: options.holdTtlMs ?? 120_000, LOG_LEVEL: logLevel };
  const walletConfig = { GRPC_PORT: walletPort, MONGO_URL: walletDb, AMQP_URL: amqpUrl, AMQP_NAMESPACE: namespace, LOG_LEVEL: logLevel };
  const paymentDbUrl = options.paymentMongoVia ? await options.paymentMongoVia(paymentDb) : paymentDb;
  const paymentEnv: Record<string, string> = {
    GRPC_PORT: String(paymentPort),
    // Command monitoring only when a test counts the service's store commands.
    MONGO_URL: options.onPaymentStoreCommand ? `${paymentDbUrl}${paymentDbUrl.includes('?') ? '&' : '?'}monitorCommands=true` : paymentDbUrl,
    AMQP_URL: amqpUrl,
    AMQP_NAMESPACE: namespace,
    CONCERT_GRPC_ADDR: `127.0.0.1:${concertPort}`,
    WALLET_GRPC_ADDR: `127.0.0.1:${walletPort}`,
    QUEUE_GRPC_ADDR: `127.0.0.1:${queue.grpcPort}`,
    STEP_TIMEOUT_MS: String(options.stepTimeoutMs ?? 20_000),
    SWEEP_INTERVAL_MS: '250',
    RELAY_POLL_MS: '250',
    RELAY_GRACE_MS: '250',
    GRPC_TIMEOUT_MS: '10000',
    LOG_LEVEL: options.paymentAsChild ? 'info' : logLevel,
    ...options.paymentEnv,
  };
  const paymentConfig: PaymentConfig = readPaymentConfig(paymentEnv);

  const asEnv = (config: Record<string, string | number>) => Object.fromEntries(Object.entries(config).map(([k, v]) => [k, String(v)]));
  let concert: Handle | null = null;
  let wallet: Handle | null = null;
  const participantConfigs = { concert: concertConfig, wallet: walletConfig };
  const participantChildren = new Map<Participant, ChildProcess>();
  const asChild = (name: Participant) => Boolean(options.allAsChildren || options.childParticipants?.includes(name));
  async function spawnParticipant(name: Participant): Promise<void> {
    participantChildren.set(name, spawnService(name, asEnv(participantConfigs[name]), logs));
    await waitUntil(() => isServing(`127.0.0.1:${participantConfigs[name].GRPC_PORT}`), name);
  }
  if (options.allAsChildren) await waitUntil(() => isServing(`127.0.0.1:${queue.grpcPort}`), 'queue');
  await Promise.all([
    asChild('concert') ? spawnParticipant('concert') : startConcert(concertConfig).then((h) => void (concert = h)),
    asChild('wallet') ? spawnParticipant('wallet') : startWallet(walletConfig).then((h) => void (wallet = h)),
  ]);
  let payment: Handle | null = null;
  const replicas: Handle[] = [];
  let paymentChild: ChildProcess | null = null;

  async function startPaymentService(): Promise<void> {
    if (options.paymentAsChild || options.allAsChildren) {
      paymentChild = spawnService('payment', paymentEnv, logs);
      await waitUntil(() => isServing(`127.0.0.1:${paymentPort}`), 'payment');
    } else {
      payment = await startPayment(paymentConfig, { onStoreCommand: options.onPaymentStoreCommand });
    }
  }
  await startPaymentService();

  const gateway = spawnService(
    'gateway',
    {
      PORT: String(gatewayPort),
      CONCERT_GRPC_ADDR: `127.0.0.1:${concertPort}`,
      WALLET_GRPC_ADDR: `127.0.0.1:${walletPort}`,
      QUEUE_GRPC_ADDR: `127.0.0.1:${queue.grpcPort}`,
      PAYMENT_GRPC_ADDR: `127.0.0.1:${paymentPort}`,
      REDIS_URL: redisUrl,
      RATE_LIMIT_KEY_PREFIX: rateLimitPrefix,
      ADMIN_TOKEN,
      PAYMENT_WAIT_MS: '5000',
      GRPC_TIMEOUT_MS: '10000',
      TOKEN_RATE_LIMIT_PER_USER: '1000',
      LOG_LEVEL: logLevel === 'silent' ? 'error' : logLevel,
    },
    logs,
  );
  const url = `http://127.0.0.1:${gatewayPort}/api/v1`;
  await waitUntil(() => fetch(`http://127.0.0.1:${gatewayPort}/health/live`).then((r) => r.status < 500, () => false), 'gateway');

  let amqp: ChannelModel | undefined;
  let amqpChannel: Channel;
  /** The test's own plain connection (no recovery): opened again after a broker restart. */
  async function openTestChannel(): Promise<void> {
    await amqp?.close().catch(() => undefined);
    amqp = await connect(amqpUrl);
    amqp.on('error', () => undefined); // connection-forced on a broker restart; the test reopens it
    amqpChannel = await amqp.createChannel();
    amqpChannel.on('error', () => undefined);
  }
  await openTestChannel();
  const walletDbConn = await mongoose.createConnection(walletDb).asPromise();
  const paymentDbConn = await mongoose.createConnection(paymentDb).asPromise();
  const concertDbConn = await mongoose.createConnection(concertDb).asPromise();
  const walletClient = createClient(loadWalletProto().wallet.v1.WalletService, `127.0.0.1:${walletPort}`);
  const paymentClient = createClient(loadPaymentProto().payment.v1.PaymentService, `127.0.0.1:${paymentPort}`);

  /** Participants connect to the broker in the background: wait until one consumes `queue` again. */
  const consuming = (queue: string) => waitUntil(async () => (await amqpChannel.checkQueue(queue)).consumerCount > 0, `consumer of ${queue}`);
  await consuming(sagaNames(namespace).concertCommands);
  await consuming(sagaNames(namespace).walletCommands);

  const system = {
    url,
    namespace,
    names: sagaNames(namespace),
    seeded,
    logs,
    get amqpChannel(): Channel {
      return amqpChannel;
    },
    reopenTestChannel: openTestChannel,
    walletDb: walletDbConn,
    paymentDb: paymentDbConn,
    concertDb: concertDbConn,
    walletClient,
    paymentClient,
    walletGrpcAddr: `127.0.0.1:${walletPort}`,
    async stopConcert() {
      await concert?.stop();
      concert = null;
    },
    async startConcert(overrides: { HOLD_TTL_MS?: number } = {}) {
      concert = await startConcert({ ...concertConfig, ...overrides });
      await consuming(sagaNames(namespace).concertCommands);
    },
    async stopWallet() {
      await wallet?.stop();
      wallet = null;
    },
    async startWallet() {
      wallet = await startWallet(walletConfig);
      await consuming(sagaNames(namespace).walletCommands);
    },
    /** kill -9: no shutdown hook runs, in-flight messages stay unacked, nothing is flushed. */
    killPayment() {
      if (!paymentChild) throw new Error('payment is not a child process');
      paymentChild.kill('SIGKILL');
      const exited = new Promise((r) => paymentChild!.once('exit', r));
      paymentChild = null;
      return exited;
    },
    startPayment: startPaymentService,
    /** A second payment service on the same database and broker (two replicas); its gRPC port. */
    async startPaymentReplica() {
      const replica = await startPayment(readPaymentConfig({ ...paymentEnv, GRPC_PORT: '0' }));
      replicas.push(replica);
      return replica.grpcPort;
    },
    /** kill -9 of a participant run as a child process (see `childParticipants`). */
    async killParticipant(name: Participant) {
      const child = participantChildren.get(name);
      if (!child) throw new Error(`${name} is not a child process`);
      participantChildren.delete(name);
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    },
    async restartParticipant(name: Participant) {
      await spawnParticipant(name);
      await consuming(name === 'concert' ? sagaNames(namespace).concertCommands : sagaNames(namespace).walletCommands);
    },
    async stop() {
      walletClient.close();
      paymentClient.close();
      gateway.kill('SIGTERM');
      await new Promise((r) => gateway.once('exit', r));
      if (paymentChild) {
        const child = paymentChild as ChildProcess;
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      for (const replica of replicas.splice(0)) await replica.stop();
      await (payment as Handle | null)?.stop();
      for (const child of [...participantChildren.values(), ...children.reverse()]) {
        child.kill('SIGTERM');
        if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
      }
      await wallet?.stop();
      await concert?.stop();
      await queue.stop();
      for (const db of [walletDbConn, paymentDbConn, concertDbConn]) {
        await db.dropDatabase();
        await db.close();
      }
      await deleteTopology(amqpChannel, sagaTopology(namespace)).catch(() => undefined);
      await amqp?.close().catch(() => undefined);
      const redis = await createRedisClient({ url: redisUrl }).connect();
      for (const prefix of [queuePrefix, rateLimitPrefix]) {
        for await (const keys of redis.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) if (keys.length > 0) await redis.del(keys);
      }
      await redis.quit();
    },
  };
  return system;
}

export type System = Awaited<ReturnType<typeof bootSystem>>;

/** A new fan with `balance` KRW, an ACTIVE token of `concertCode`, and (optionally) a held seat. */
export async function newFan(system: System, balance: number, concertCode = 'IU-2026') {
  const created = await http('POST', `${system.url}/users`, { body: {} });
  const userId = created.body.UUID as string;
  // The user key (issue 10): 1-1, 4-1 and 4-2 need it.
  const userKey = created.body.userKey as string;
  const keyed = { 'x-user-key': userKey };
  if (balance > 0) {
    const charged = await http('PATCH', `${system.url}/users/${userId}/balance`, { body: { amount: balance }, headers: keyed });
    if (charged.status !== 200) throw new Error(`charge failed: ${JSON.stringify(charged.body)}`);
  }
  const issued = await http('POST', `${system.url}/concerts/${concertCode}/token`, { body: { UUID: userId }, headers: keyed });
  const token = issued.body.token as string;
  for (let i = 0; ; i++) {
    const status = await http('GET', `${system.url}/concerts/${concertCode}/token`, { token });
    if (status.body.status === 'ACTIVE') break;
    if (i > 200) throw new Error(`token never became ACTIVE: ${JSON.stringify(status.body)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const tokenId = (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { jti: string }).jti;
  return {
    userId,
    userKey,
    token,
    tokenId,
    concertCode,
    async hold(concertDate: string, seatNumber: number) {
      const held = await http('PATCH', `${system.url}/concerts/${concertCode}`, { token, body: { UUID: userId, concertDate, seatNumber } });
      if (held.status !== 200) throw new Error(`hold failed: ${held.status} ${JSON.stringify(held.body)}`);
      return held.body as { reservationId: string; price: number; concertDate: string; seatNumber: number };
    },
    pay(idempotencyKey?: string) {
      return http('POST', `${system.url}/payments`, { token, body: { UUID: userId }, headers: idempotencyKey ? { 'idempotency-key': idempotencyKey } : {} });
    },
    getPayment(paymentId: string) {
      return http('GET', `${system.url}/payments/${paymentId}`, { token });
    },
    reservation(reservationId: string) {
      return http('GET', `${system.url}/concerts/${concertCode}/reservations/${reservationId}`, { token });
    },
    async balance() {
      return (await http('GET', `${system.url}/users/${userId}/balance`, { headers: keyed })).body.balance as number;
    },
  };
}

export type Fan = Awaited<ReturnType<typeof newFan>>;

/** Polls 5-1 until the payment is no longer PENDING. */
export async function finalPayment(fan: Fan, paymentId: string, timeoutMs = 45_000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await fan.getPayment(paymentId);
    if (answer.status === 200 && answer.body.status !== 'PENDING') return answer.body;
    if (Date.now() > deadline) throw new Error(`payment ${paymentId} still ${JSON.stringify(answer.body)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The ledger of every user: charges − debits + refunds must equal each balance. */
export async function ledgerCheck(system: System) {
  const records = await system.walletDb.collection('ledger').find({}).toArray();
  const byUser = new Map<string, { charged: number; debited: number; refunded: number; head: { version: number; balance: number } }>();
  for (const r of records) {
    const u = byUser.get(r.userId) ?? { charged: 0, debited: 0, refunded: 0, head: { version: -1, balance: 0 } };
    if (r.kind === 'CHARGED') u.charged += r.amount;
    if (r.kind === 'DEBITED') u.debited += r.amount;
    if (r.kind === 'REFUNDED') u.refunded += r.amount;
    if (r.version > u.head.version) u.head = { version: r.version, balance: r.balance };
    byUser.set(r.userId, u);
  }
  const violations = [...byUser.entries()].filter(([, u]) => u.charged - u.debited + u.refunded !== u.head.balance);
  const kinds = (kind: string, sagaId?: string) => records.filter((r) => r.kind === kind && (sagaId === undefined || r.sagaId === sagaId)).length;
  return { violations, kinds, byUser };
}

/** The saga's stored stream, oldest first. */
export async function sagaEvents(system: System, sagaId: string) {
  return system.paymentDb.collection('saga_events').find({ sagaId }).sort({ version: 1 }).toArray();
}

/** Calls StartPayment straight at the payment service (e.g. waitMs 0 to get PENDING back at once). */
export function startPaymentRpc(system: System, request: { userId: string; concertCode: string; tokenId?: string; waitMs: number; idempotencyKey?: string }) {
  const client = system.paymentClient;
  return callUnary(client, client.startPayment, { tokenId: '', idempotencyKey: '', replayOnly: false, ...request }, { timeoutMs: 30_000 });
}
