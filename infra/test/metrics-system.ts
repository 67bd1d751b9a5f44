/**
 * The whole system as child processes (as the start command runs it), each service with a metrics
 * port of its own, on free ports, its own databases, Redis prefixes and AMQP namespace: what the
 * Prometheus scrape test scrapes. Everything it makes is named `promtest`, so a run starts by clearing
 * what an aborted earlier run left.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { MongoClient } from 'mongodb';
import { createClient } from 'redis';

const ROOT = path.resolve(__dirname, '../..');
export const SERVICES = ['queue', 'concert', 'wallet', 'payment', 'gateway'] as const;
export type ServiceName = (typeof SERVICES)[number];

const NAME = 'promtest';
const MONGO_BASE = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017/';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const DATABASES = { concert: `${NAME}_concert`, wallet: `${NAME}_wallet`, payment: `${NAME}_payment` } as const;

// Variables of the test's own environment that would point a service elsewhere.
const SCRUBBED = /^(MONGO_URL|GRPC_PORT|PORT|METRICS_PORT|.*_GRPC_ADDR|QUEUE_.*|RATE_LIMIT_KEY_PREFIX|AMQP_NAMESPACE|LOG_LEVEL|GATEWAY_WORKERS)$/;

export const mongoUrlOf = (database: string): string => {
  const url = new URL(MONGO_BASE);
  url.pathname = `/${database}`;
  return url.toString();
};

/** A port nothing listens on right now (bound by the OS, then released). */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

export interface MetricsSystem {
  gatewayOrigin: string;
  metricsPorts: Record<ServiceName, number>;
  concertMongoUrl: string;
  logDir: string;
  stop(): Promise<void>;
}

/** Drops the test's databases and Redis keys (its saga queues are reused, and drained by its consumers). */
export async function clearLeftovers(): Promise<void> {
  const mongo = new MongoClient(MONGO_BASE);
  try {
    await mongo.connect();
    for (const database of Object.values(DATABASES)) await mongo.db(database).dropDatabase();
  } finally {
    await mongo.close();
  }
  const redis = createClient({ url: REDIS_URL });
  await redis.connect();
  try {
    for await (const keys of redis.scanIterator({ MATCH: `${NAME}-*`, COUNT: 1000 })) if (keys.length > 0) await redis.del(keys);
  } finally {
    await redis.quit();
  }
}

export async function startMetricsSystem(): Promise<MetricsSystem> {
  const ports = {
    grpc: { queue: await freePort(), concert: await freePort(), wallet: await freePort(), payment: await freePort() },
    metrics: Object.fromEntries(await Promise.all(SERVICES.map(async (s) => [s, await freePort()] as const))) as Record<ServiceName, number>,
    gateway: await freePort(),
  };
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'metrics-system-'));
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !SCRUBBED.test(key)));
  const addr = (s: keyof typeof ports.grpc) => `127.0.0.1:${ports.grpc[s]}`;
  const envOf = (name: ServiceName): NodeJS.ProcessEnv => ({
    ...base,
    LOG_LEVEL: 'warn',
    AMQP_URL,
    AMQP_NAMESPACE: NAME,
    REDIS_URL,
    QUEUE_KEY_PREFIX: `${NAME}-q`,
    RATE_LIMIT_KEY_PREFIX: `${NAME}-rl`,
    QUEUE_ADMIT_INTERVAL_MS: '200',
    QUEUE_GRPC_ADDR: addr('queue'),
    CONCERT_GRPC_ADDR: addr('concert'),
    WALLET_GRPC_ADDR: addr('wallet'),
    PAYMENT_GRPC_ADDR: addr('payment'),
    METRICS_PORT: String(ports.metrics[name]),
    ...(name === 'gateway' ? { PORT: String(ports.gateway) } : { GRPC_PORT: String(ports.grpc[name]) }),
    ...(name in DATABASES ? { MONGO_URL: mongoUrlOf(DATABASES[name as keyof typeof DATABASES]) } : {}),
  });

  const children: { name: ServiceName; child: ChildProcess }[] = [];
  for (const name of SERVICES) {
    const log = fs.openSync(path.join(logDir, `${name}.log`), 'a');
    const child = spawn(process.execPath, ['--conditions=@concert/source', '--import', 'tsx', path.join(ROOT, 'services', name, 'src', 'main.ts')], {
      cwd: path.join(ROOT, 'services', name),
      env: envOf(name),
      stdio: ['ignore', log, log],
    });
    fs.closeSync(log);
    children.push({ name, child });
  }

  const stop = async () => {
    await Promise.all(
      [...children].reverse().map(
        ({ child }) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
            child.once('exit', () => {
              clearTimeout(force);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
  };

  const gatewayOrigin = `http://127.0.0.1:${ports.gateway}`;
  try {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const exited = children.find(({ child }) => child.exitCode !== null || child.signalCode !== null);
      if (exited) throw new Error(`${exited.name} exited at start; see ${path.join(logDir, `${exited.name}.log`)}`);
      if (await fetch(`${gatewayOrigin}/health/ready`).then((r) => r.ok, () => false)) break;
      if (Date.now() > deadline) throw new Error(`the system was not ready within 120 s; logs in ${logDir}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { gatewayOrigin, metricsPorts: ports.metrics, concertMongoUrl: mongoUrlOf(DATABASES.concert), logDir, stop };
}
