/**
 * The suite's own Redis, RabbitMQ node and FerretDB, on spare ports, so it can restart them freely:
 * the machine's shared servers serve other people's tests and are never touched.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { createClient } from 'redis';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ServerPorts {
  redis: number;
  amqp: number;
  amqpDist: number;
  ferretdb: number;
  ferretdbDebug: number;
}

export const portAnswers = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

async function until(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(200);
  }
  throw new Error(`${what} did not come up within ${timeoutMs / 1000} s`);
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** A server the suite runs as its own child process (Redis, FerretDB). */
abstract class ChildServer {
  protected child: ChildProcess | null = null;

  constructor(
    readonly name: string,
    protected readonly logFile: string,
  ) {}

  protected abstract spawnChild(): ChildProcess;
  protected abstract ready(): Promise<boolean>;

  async start(): Promise<void> {
    const child = this.spawnChild();
    this.child = child;
    await until(this.name, 60_000, async () => {
      if (child.exitCode !== null) throw new Error(`${this.name} exited (${child.exitCode}); see ${this.logFile}`);
      return this.ready();
    });
  }

  /** SIGTERM (a clean shutdown) or SIGKILL (a crash), then started again on the same port and data. */
  async restart(signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    await this.stop(signal);
    await this.start();
  }

  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    const done = exited(child);
    child.kill(signal);
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await done;
    clearTimeout(force);
  }

  killNow(): void {
    this.child?.kill('SIGKILL');
  }

  protected logFd(): number {
    return fs.openSync(this.logFile, 'a');
  }
}

/** Redis as production runs it (docker-compose: appendonly), so a restart keeps the queue's state. */
export class SuiteRedis extends ChildServer {
  constructor(
    readonly port: number,
    private readonly dir: string,
    logFile: string,
  ) {
    super('redis', logFile);
    fs.mkdirSync(dir, { recursive: true });
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  protected spawnChild(): ChildProcess {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--dir', this.dir, '--logfile', this.logFile];
    return spawn('redis-server', args, { stdio: 'ignore' });
  }

  protected async ready(): Promise<boolean> {
    const client = createClient({ url: this.url, socket: { reconnectStrategy: false, connectTimeout: 1_000 } });
    client.on('error', () => undefined);
    try {
      await client.connect();
      // A restarted Redis answers LOADING while it replays its append-only file.
      return (await client.ping()) === 'PONG';
    } finally {
      await client.disconnect().catch(() => undefined);
    }
  }
}

/** FerretDB through infra/ferretdb/run.sh (its build, its GIN indexes), on a PostgreSQL database of its own. */
export class SuiteFerretDb extends ChildServer {
  constructor(
    readonly port: number,
    private readonly debugPort: number,
    private readonly pgDatabase: string,
    private readonly stateDir: string,
    logFile: string,
  ) {
    super('ferretdb', logFile);
    fs.mkdirSync(stateDir, { recursive: true });
  }

  get url(): string {
    return `mongodb://127.0.0.1:${this.port}`;
  }

  protected spawnChild(): ChildProcess {
    const fd = this.logFd();
    try {
      return spawn(path.join(ROOT, 'infra/ferretdb/run.sh'), ['--foreground'], {
        env: {
          ...process.env,
          FERRETDB_PORT: String(this.port),
          FERRETDB_DEBUG_PORT: String(this.debugPort),
          // Few PostgreSQL connections: the machine's PostgreSQL allows 100 and the shared FerretDB may take 80.
          FERRETDB_POSTGRESQL_URL: `postgres://postgres@127.0.0.1:5432/${this.pgDatabase}?pool_max_conns=16`,
          FERRETDB_STATE_DIR: this.stateDir,
        },
        stdio: ['ignore', fd, fd],
      });
    } finally {
      fs.closeSync(fd);
    }
  }

  protected ready(): Promise<boolean> {
    return portAnswers(this.port);
  }
}

/**
 * A RabbitMQ node of its own (own node name, ports, data and log folders, no plugins), started
 * detached by the packaged scripts and driven with `rabbitmqctl -n`.
 */
export class SuiteRabbit {
  readonly node: string;
  private started = false;

  constructor(
    private readonly ports: { amqp: number; dist: number },
    private readonly base: string,
  ) {
    this.node = `faults${ports.amqp}@localhost`;
  }

  get url(): string {
    return `amqp://guest:guest@127.0.0.1:${this.ports.amqp}`;
  }

  get logDir(): string {
    return path.join(this.base, 'log');
  }

  async start(): Promise<void> {
    fs.mkdirSync(path.join(this.base, 'mnesia'), { recursive: true });
    fs.mkdirSync(this.logDir, { recursive: true });
    fs.writeFileSync(path.join(this.base, 'rabbitmq.conf'), `listeners.tcp.local = 127.0.0.1:${this.ports.amqp}\nloopback_users = none\n`);
    fs.writeFileSync(path.join(this.base, 'enabled_plugins'), '[].\n');
    // The packaged scripts run the node as the rabbitmq user (which shares the CLI's cookie).
    await run('chown', ['-R', 'rabbitmq:rabbitmq', this.base]).catch(() => undefined);
    const env = {
      ...process.env,
      RABBITMQ_NODENAME: this.node,
      RABBITMQ_NODE_PORT: String(this.ports.amqp),
      RABBITMQ_DIST_PORT: String(this.ports.dist),
      RABBITMQ_MNESIA_BASE: path.join(this.base, 'mnesia'),
      RABBITMQ_LOG_BASE: this.logDir,
      RABBITMQ_CONFIG_FILE: path.join(this.base, 'rabbitmq.conf'),
      RABBITMQ_ENABLED_PLUGINS_FILE: path.join(this.base, 'enabled_plugins'),
      RABBITMQ_PID_FILE: path.join(this.base, 'pid'),
    };
    this.started = true;
    await run('rabbitmq-server', ['-detached'], { env, timeout: 60_000 });
    await this.awaitRunning();
  }

  private async awaitRunning(): Promise<void> {
    await run('rabbitmqctl', ['-n', this.node, 'await_startup', '--timeout', '90'], { timeout: 100_000 }).catch(async () => {
      // await_startup fails at once while the node is not yet registered with epmd: wait for it first.
      await until(`RabbitMQ node ${this.node}`, 90_000, () => portAnswers(this.ports.dist));
      await run('rabbitmqctl', ['-n', this.node, 'await_startup', '--timeout', '90'], { timeout: 100_000 });
    });
    await until(`RabbitMQ on ${this.ports.amqp}`, 30_000, () => portAnswers(this.ports.amqp));
  }

  /** The broker restart of the issue: the RabbitMQ application stops (every connection drops) and starts again. */
  async restartApp(downMs: number): Promise<void> {
    await this.ctl('stop_app');
    await sleep(downMs);
    await this.ctl('start_app');
    await until(`RabbitMQ on ${this.ports.amqp}`, 60_000, () => portAnswers(this.ports.amqp));
  }

  /** name → messages (ready + unacked) of every queue on the node. */
  async queueDepths(): Promise<Map<string, { ready: number; unacked: number }>> {
    const { stdout } = await this.ctl('list_queues', '--quiet', '--no-table-headers', 'name', 'messages_ready', 'messages_unacknowledged');
    const depths = new Map<string, { ready: number; unacked: number }>();
    for (const line of stdout.split('\n')) {
      const [name, ready, unacked] = line.trim().split(/\s+/);
      if (name) depths.set(name, { ready: Number(ready), unacked: Number(unacked) });
    }
    return depths;
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    await this.ctl('stop').catch(() => this.killByPidFile());
    this.started = false;
  }

  /** Last resort on a synchronous exit: the node's own pid, from its pid file (only while it may run). */
  killFromPidFile(): void {
    if (this.started) this.killByPidFile();
  }

  private killByPidFile(): void {
    try {
      const pid = Number(fs.readFileSync(path.join(this.base, 'pid'), 'utf8').trim());
      if (pid > 0) process.kill(pid, 'SIGKILL');
    } catch {
      // never started or already gone
    }
  }

  private ctl(...args: string[]): Promise<{ stdout: string }> {
    return run('rabbitmqctl', ['-n', this.node, ...args], { timeout: 60_000 });
  }
}
