/**
 * The services as the suite runs them: up to two instances of each, every instance on a port of its
 * own behind a TCP proxy on the service's public port (a load balancer), so an instance can be killed,
 * restarted, added or retired while the others keep serving.
 */
import type { ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { isServing } from '@concert/grpc-kit';
import { SERVICES, spawnService, type ServiceName } from '../bench/rush/system';
import type { Settings } from '../bench/rush/settings';
import { TcpProxy } from './tcp-proxy';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const SLOTS = [0, 1] as const;
export type Slot = (typeof SLOTS)[number];

interface Instance {
  name: ServiceName;
  slot: Slot;
  port: number;
  child: ChildProcess | null;
  /** Set while the suite itself stops or kills it, so its exit is not taken for a crash. */
  expectingExit: boolean;
  /** Until it first serves: an exit then is a failed start (retried), not a crash. */
  starting: boolean;
}

export interface FleetOptions {
  settings: Settings;
  logDir: string;
  /** Extra environment per service (the payment's database goes through the suite's cut-off proxy). */
  envOf: (name: ServiceName) => NodeJS.ProcessEnv;
}

const publicPort = (s: Settings, name: ServiceName): number => (name === 'gateway' ? s.gatewayPort : s.grpcPorts[name]);
/** Instances sit 1000 and 2000 above their service's public port. */
const instancePort = (s: Settings, name: ServiceName, slot: Slot): number => publicPort(s, name) + 1000 * (slot + 1);

export class Fleet {
  private readonly instances = new Map<string, Instance>();
  private readonly proxies = new Map<ServiceName, TcpProxy>();
  private stopping = false;
  /** Instances that exited without the suite asking: a service that crashes under faults is a finding. */
  readonly unplannedExits: string[] = [];
  /** Instances that exited while starting and were started again (reported, not a failure). */
  readonly startupExits: string[] = [];

  constructor(private readonly o: FleetOptions) {}

  ports(): number[] {
    return SERVICES.flatMap((name) => [publicPort(this.o.settings, name), ...SLOTS.map((slot) => instancePort(this.o.settings, name, slot))]);
  }

  logOf(name: ServiceName, slot: Slot): string {
    return path.join(this.o.logDir, `${name}-${slot}.log`);
  }

  async openProxies(): Promise<void> {
    for (const name of SERVICES) {
      const proxy = new TcpProxy(name, publicPort(this.o.settings, name));
      await proxy.listen(SLOTS.map((slot) => ({ host: '127.0.0.1', port: instancePort(this.o.settings, name, slot) })));
      this.proxies.set(name, proxy);
    }
  }

  /**
   * Starts one instance and waits until it serves. An instance that exits while starting (a service
   * exits when its store or broker does not answer at start) is started again a second later, as an
   * orchestrator's restart policy would, for up to 2 minutes.
   */
  async start(name: ServiceName, slot: Slot): Promise<void> {
    const key = `${name}-${slot}`;
    const prior = this.instances.get(key);
    if (prior?.child && prior.child.exitCode === null && prior.child.signalCode === null) throw new Error(`${key} is already running`);
    const deadline = Date.now() + 120_000;
    for (;;) {
      const instance = this.spawn(name, slot);
      const outcome = await this.waitServing(instance, deadline);
      if (outcome === 'serving') {
        instance.starting = false;
        return;
      }
      if (this.stopping) throw new Error(`${key}: the suite is stopping`);
      if (outcome === 'timeout') throw new Error(`${key} did not serve within 2 minutes; see ${this.logOf(name, slot)}`);
      this.startupExits.push(`${key} exited while starting (${new Date().toISOString().slice(11, 19)}); started again`);
      await sleep(1_000);
    }
  }

  private spawn(name: ServiceName, slot: Slot): Instance {
    const port = instancePort(this.o.settings, name, slot);
    const portEnv = name === 'gateway' ? { PORT: String(port), GATEWAY_WORKERS: '1' } : { GRPC_PORT: String(port) };
    const child = spawnService(name, this.o.settings, this.logOf(name, slot), { ...this.o.envOf(name), ...portEnv });
    const instance: Instance = { name, slot, port, child, expectingExit: false, starting: true };
    this.instances.set(`${name}-${slot}`, instance);
    child.on('exit', (code, signal) => {
      if (!instance.expectingExit && !instance.starting && !this.stopping) {
        this.unplannedExits.push(`${name}-${slot} exited (${signal ?? code}); see ${this.logOf(name, slot)}`);
      }
    });
    return instance;
  }

  private async waitServing(instance: Instance, deadline: number): Promise<'serving' | 'exited' | 'timeout'> {
    while (Date.now() < deadline) {
      const child = instance.child;
      if (!child || child.exitCode !== null || child.signalCode !== null) return 'exited';
      const address = `127.0.0.1:${instance.port}`;
      const ok =
        instance.name === 'gateway'
          ? await fetch(`http://${address}/health/live`, { signal: AbortSignal.timeout(2_000) }).then((r) => r.ok, () => false)
          : await isServing(address, 1_000).catch(() => false);
      if (ok) return 'serving';
      await sleep(250);
    }
    return 'timeout';
  }

  isRunning(name: ServiceName, slot: Slot): boolean {
    const child = this.instances.get(`${name}-${slot}`)?.child;
    return !!child && child.exitCode === null && child.signalCode === null;
  }

  /** kill -9: no shutdown hook runs, whatever the instance was doing is cut mid-way. */
  async kill9(name: ServiceName, slot: Slot): Promise<void> {
    await this.end(name, slot, 'SIGKILL');
  }

  /** A graceful stop (scaling in): the instance finishes what it has, as in a rolling deployment. */
  async retire(name: ServiceName, slot: Slot): Promise<void> {
    await this.end(name, slot, 'SIGTERM');
  }

  private async end(name: ServiceName, slot: Slot, signal: NodeJS.Signals): Promise<void> {
    const instance = this.instances.get(`${name}-${slot}`);
    const child = instance?.child;
    if (!instance || !child || child.exitCode !== null || child.signalCode !== null) return;
    instance.expectingExit = true;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await gone;
    clearTimeout(force);
    instance.child = null;
  }

  /** Every instance (SIGTERM, SIGKILL after 15 s) and every proxy. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    await Promise.all(
      [...this.instances.values()].reverse().map(async (i) => {
        i.expectingExit = true;
        await this.end(i.name, i.slot, 'SIGTERM');
      }),
    );
    for (const proxy of this.proxies.values()) await proxy.close();
  }

  killNow(): void {
    this.stopping = true;
    for (const i of this.instances.values()) if (i.child && i.child.exitCode === null) i.child.kill('SIGKILL');
  }

  pids(): { name: string; pid: number | undefined }[] {
    return [...this.instances.values()].filter((i) => i.child).map((i) => ({ name: `${i.name}-${i.slot}`, pid: i.child!.pid }));
  }
}
