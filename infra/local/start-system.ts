/**
 * Starts every service of the system on local defaults, seeds demo data, and stays in the foreground
 * with readable logs. Ctrl-C (or SIGTERM) stops the services in reverse order of start.
 * Run by infra/local/start.sh, which first makes sure the servers run and dependencies are installed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { formatLogLine } from './log-format';
import { seedDemoData } from './demo-data';

const ROOT = path.resolve(__dirname, '../..');
const SERVICES = ['queue', 'concert', 'wallet', 'payment', 'gateway'] as const;
/** Where each service answers GET /metrics; infra/prometheus/prometheus.yml scrapes these (see its README). */
const METRICS_PORTS: Record<(typeof SERVICES)[number], number> = { gateway: 9461, queue: 9462, concert: 9463, wallet: 9464, payment: 9465 };
/**
 * The gRPC ports of the local start: below the kernel's ephemeral range (32768–60999 here), so that no
 * outgoing connection of another program can hold one. The services' own defaults, 50051–50054, lie
 * inside it: a start once failed with EADDRINUSE because some connection's local port was 50054.
 */
const GRPC_PORTS = { queue: 7051, concert: 7052, wallet: 7053, payment: 7054 } as const;
const grpcAddress = (name: keyof typeof GRPC_PORTS) => `127.0.0.1:${GRPC_PORTS[name]}`;

// Each service picks its own database and port by default; a shell's MONGO_URL or GRPC_PORT (left over
// from running tests, say) would point them all at one.
const { MONGO_URL: _mongo, GRPC_PORT: _grpc, METRICS_PORT: _metrics, ...inherited } = process.env;
const localEnv: NodeJS.ProcessEnv = {
  ...inherited,
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
  ADMIN_TOKEN: process.env.ADMIN_TOKEN ?? 'local-admin-token-change-me',
  // The services' own default; the gateway has none (it only counts parked messages with it).
  AMQP_URL: process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
  QUEUE_GRPC_ADDR: grpcAddress('queue'),
  CONCERT_GRPC_ADDR: grpcAddress('concert'),
  WALLET_GRPC_ADDR: grpcAddress('wallet'),
  PAYMENT_GRPC_ADDR: grpcAddress('payment'),
};
const portsOf = (name: (typeof SERVICES)[number]): NodeJS.ProcessEnv => ({
  METRICS_PORT: String(METRICS_PORTS[name]),
  ...(name === 'gateway' ? {} : { GRPC_PORT: String(GRPC_PORTS[name]) }),
});

const children: { name: string; process: ChildProcess }[] = [];

function launch(name: (typeof SERVICES)[number]): ChildProcess {
  const child = spawn(
    process.execPath,
    ['--conditions=@concert/source', '--import', 'tsx', path.join(ROOT, 'services', name, 'src', 'main.ts')],
    { cwd: path.join(ROOT, 'services', name), env: { ...localEnv, ...portsOf(name) }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', (line) => console.log(formatLogLine(name, line)));
  }
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${name} exited (${signal ?? code}); stopping everything`);
      void stopAll(1);
    }
  });
  children.push({ name, process: child });
  return child;
}

let stopping = false;
async function stopAll(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const { name, process: child } of [...children].reverse()) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    console.log(`stopping ${name}`);
    child.kill('SIGTERM');
    await new Promise((resolve) => {
      const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.once('exit', () => resolve(clearTimeout(force)));
    });
  }
  process.exit(exitCode);
}

async function waitUntilReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not become ready within ${timeoutMs / 1000}s`);
}

async function main(): Promise<void> {
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  for (const name of SERVICES) launch(name);

  const port = process.env.PORT ?? '8080';
  await waitUntilReady(`http://127.0.0.1:${port}/health/ready`, 90_000);
  const demo = await seedDemoData(grpcAddress('wallet'));

  console.log('\n=== demo data ===');
  console.table(demo.users);
  console.log('(each user\'s key goes in X-User-Key to join a queue and to read or charge the balance)');
  console.log(`concerts: ${demo.concerts.join(', ')}`);
  console.log(`API:      http://127.0.0.1:${port}/api/v1   (docs: http://127.0.0.1:${port}/api/docs)`);
  console.log(`admin:    X-Admin-Token: ${localEnv.ADMIN_TOKEN}`);
  console.log(`metrics:  ${SERVICES.map((s) => `${s} :${METRICS_PORTS[s]}`).join(', ')} (GET /metrics; infra/prometheus/README.md)`);
  console.log('Ctrl-C stops everything.\n');
}

main().catch((error: unknown) => {
  console.error('start failed:', error);
  void stopAll(1);
});
