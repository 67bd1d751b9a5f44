/**
 * The system under test, started by the bench as child processes (as infra/local/start-system.ts
 * does) on its own ports and namespaces; every child is stopped on exit, error and Ctrl-C.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { mongoUrl, type Settings } from './settings';

const ROOT = path.resolve(__dirname, '../../..');
export const SERVICES = ['queue', 'concert', 'wallet', 'payment', 'gateway'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface Child {
  name: ServiceName;
  process: ChildProcess;
}

// Variables a shell may carry over from tests or the demo that would point a service elsewhere.
const SCRUBBED = /^(MONGO_URL|GRPC_PORT|PORT|METRICS_PORT|.*_GRPC_ADDR|QUEUE_.*|RATE_LIMIT_KEY_PREFIX|TOKEN_RATE_LIMIT_.*|AMQP_NAMESPACE|LOG_LEVEL)$/;

/**
 * Every service gets every address and URL of the run (a service ignores what it does not read), so a
 * dependency a service gains later still points inside the bench's system, not at the demo's.
 */
export function envFor(name: ServiceName, s: Settings): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !SCRUBBED.test(key)));
  const addr = (service: keyof Settings['grpcPorts']) => `127.0.0.1:${s.grpcPorts[service]}`;
  const database = name === 'gateway' ? null : s.databases[name];
  return {
    ...base,
    LOG_LEVEL: process.env.SERVICE_LOG_LEVEL ?? 'warn',
    AMQP_URL: s.amqpUrl,
    AMQP_NAMESPACE: s.amqpNamespace,
    REDIS_URL: s.redisUrl,
    QUEUE_KEY_PREFIX: s.queueKeyPrefix,
    QUEUE_MAX_ACTIVE: String(s.maxActive),
    GATEWAY_WORKERS: String(s.gatewayWorkers),
    RATE_LIMIT_KEY_PREFIX: s.rateLimitKeyPrefix,
    // The set-up creates every fan's account from one address, as an operator's bulk load would.
    USER_CREATE_RATE_LIMIT_PER_ADDRESS: String(Math.max(s.fans, 1)),
    QUEUE_GRPC_ADDR: addr('queue'),
    CONCERT_GRPC_ADDR: addr('concert'),
    WALLET_GRPC_ADDR: addr('wallet'),
    PAYMENT_GRPC_ADDR: addr('payment'),
    ...(name === 'gateway' ? { PORT: String(s.gatewayPort) } : { GRPC_PORT: String(s.grpcPorts[name]) }),
    ...(database ? { MONGO_URL: mongoUrl(s, database) } : {}),
  };
}

/**
 * Extra node flags for one service, e.g. SERVICE_NODE_ARGS_GATEWAY="--cpu-prof --cpu-prof-dir=/tmp/prof"
 * to profile the gateway during a run (node refuses --cpu-prof in NODE_OPTIONS).
 */
const nodeArgsFor = (name: ServiceName): string[] => (process.env[`SERVICE_NODE_ARGS_${name.toUpperCase()}`] ?? '').split(' ').filter(Boolean);

/**
 * One process of a service, its output appended to `logFile`; `env` overrides what envFor gives (the
 * fault suite runs several instances of a service on ports of their own).
 */
export function spawnService(name: ServiceName, s: Settings, logFile: string, env: NodeJS.ProcessEnv = {}): ChildProcess {
  const log = fs.openSync(logFile, 'a');
  try {
    return spawn(
      process.execPath,
      [...nodeArgsFor(name), '--conditions=@concert/source', '--import', 'tsx', path.join(ROOT, 'services', name, 'src', 'main.ts')],
      { cwd: path.join(ROOT, 'services', name), env: { ...envFor(name, s), ...env }, stdio: ['ignore', log, log] },
    );
  } finally {
    fs.closeSync(log);
  }
}

/**
 * GET /metrics of each service while a bench runs (the start command's 9461…9465 plus 10,000, so both
 * can run at once); a Prometheus can scrape them as infra/prometheus/prometheus.yml scrapes those.
 */
export const BENCH_METRICS_PORTS: Record<ServiceName, number> = { gateway: 19461, queue: 19462, concert: 19463, wallet: 19464, payment: 19465 };

export class System {
  readonly children: Child[] = [];
  readonly logDir: string;
  private stopping: Promise<void> | null = null;
  /** Set when a child exits on its own while the bench runs. */
  crashed: string | null = null;

  constructor(private readonly s: Settings) {
    this.logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rush-bench-'));
  }

  async assertPortsFree(): Promise<void> {
    for (const port of [this.s.gatewayPort, ...Object.values(this.s.grpcPorts), ...Object.values(BENCH_METRICS_PORTS)]) {
      const taken = await new Promise<boolean>((resolve) => {
        const socket = net.connect({ host: '127.0.0.1', port });
        socket.once('connect', () => (socket.destroy(), resolve(true)));
        socket.once('error', () => resolve(false));
      });
      if (taken) throw new Error(`port ${port} is already in use (a bench left running?); set GATEWAY_PORT / GRPC_PORT_BASE`);
    }
  }

  start(): void {
    for (const name of SERVICES) {
      const child = spawnService(name, this.s, path.join(this.logDir, `${name}.log`), { METRICS_PORT: String(BENCH_METRICS_PORTS[name]) });
      child.on('exit', (code, signal) => {
        if (!this.stopping) this.crashed = `${name} exited (${signal ?? code}); see ${path.join(this.logDir, `${name}.log`)}`;
      });
      this.children.push({ name, process: child });
    }
  }

  async waitUntilReady(timeoutMs = 120_000): Promise<void> {
    const url = `${this.s.gatewayOrigin}/health/ready`;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.crashed) throw new Error(this.crashed);
      const ok = await fetch(url, { signal: AbortSignal.timeout(5_000) }).then((r) => r.ok, () => false);
      if (ok) return;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`${url} did not become ready within ${timeoutMs / 1000}s`);
  }

  /** SIGTERM to every child (gateway first), SIGKILL to those still running 10 s later. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      const running = [...this.children].reverse().filter(({ process: p }) => p.exitCode === null && p.signalCode === null);
      await Promise.all(
        running.map(
          ({ process: child }) =>
            new Promise<void>((resolve) => {
              const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
              child.once('exit', () => {
                clearTimeout(force);
                resolve();
              });
              child.kill('SIGTERM');
            }),
        ),
      );
    })();
    return this.stopping;
  }

  /** Last resort when the bench itself is exiting synchronously. */
  killNow(): void {
    for (const { process: child } of this.children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}
