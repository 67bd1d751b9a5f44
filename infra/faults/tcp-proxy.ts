/**
 * A TCP proxy the suite puts in front of every service (a load balancer: each new connection goes to
 * the next live backend, so a second instance takes new connections and a killed one is skipped) and
 * in front of the payment database (cut off to hold it away).
 */
import * as net from 'node:net';

export interface Backend {
  host: string;
  port: number;
}

export class TcpProxy {
  private server: net.Server | null = null;
  private backends: Backend[] = [];
  private next = 0;
  private cut = false;
  private silent = false;
  private readonly pairs = new Set<net.Socket>();
  private readonly pipes = new Map<net.Socket, net.Socket>();
  /** Connections accepted while silent: never answered until cut off. */
  private readonly held = new Set<net.Socket>();
  /** A pending cut: sees each client chunk, and may ask to hear when the backend next answers on that connection. */
  private watch: { onRequest: (chunk: Buffer, answered: (then: () => void) => void) => void } | null = null;

  constructor(
    readonly name: string,
    readonly port: number,
  ) {}

  async listen(backends: Backend[]): Promise<void> {
    this.backends = [...backends];
    const server = net.createServer({ noDelay: true }, (client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  setBackends(backends: Backend[]): void {
    this.backends = [...backends];
  }

  /**
   * A silent black hole: nothing is forwarded any more either way and new connections are accepted
   * but never answered, as when the network path to the backend stalls. Only a client's own deadline
   * ends a call then.
   */
  silence(): void {
    this.silent = true;
    for (const [client, upstream] of this.pipes) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      client.pause();
      upstream.pause();
    }
  }

  /**
   * The backend becomes unreachable: every open connection (held silent ones too) is reset and new
   * ones are accepted and reset at once, which answers the client at once with an error.
   */
  cutOff(): void {
    this.cut = true;
    this.silent = false;
    for (const socket of [...this.pairs, ...this.held]) socket.resetAndDestroy();
    this.pairs.clear();
    this.pipes.clear();
    this.held.clear();
  }

  /**
   * Resolves once a client has sent a chunk containing every marker of `first`, then one containing
   * every marker of `then`, and the backend has answered that second request (so it took effect); or
   * when `first` is not seen within `timeoutMs`, or `then` not within a second after it. Says what
   * it saw.
   */
  whenSeen(first: Buffer[], then: Buffer[], timeoutMs: number): Promise<'both' | 'first' | 'none'> {
    return new Promise((resolve) => {
      let seen: 'both' | 'first' | 'none' = 'none';
      const fire = () => {
        clearTimeout(timer);
        this.watch = null;
        resolve(seen);
      };
      let timer = setTimeout(fire, timeoutMs);
      this.watch = {
        onRequest: (chunk, answered) => {
          if (seen === 'none' && first.every((m) => chunk.includes(m))) {
            seen = 'first';
            clearTimeout(timer);
            timer = setTimeout(fire, 1_000);
          } else if (seen === 'first' && then.every((m) => chunk.includes(m))) {
            seen = 'both';
            clearTimeout(timer);
            answered(fire);
          }
        },
      };
    });
  }

  restore(): void {
    this.cut = false;
    this.silent = false;
  }

  get isCut(): boolean {
    return this.cut;
  }

  async close(): Promise<void> {
    for (const socket of [...this.pairs, ...this.held]) socket.destroy();
    this.pairs.clear();
    this.pipes.clear();
    this.held.clear();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    client.on('error', () => undefined);
    if (this.cut || this.backends.length === 0) {
      client.resetAndDestroy();
      return;
    }
    if (this.silent) {
      client.pause();
      this.held.add(client);
      client.once('close', () => this.held.delete(client));
      return;
    }
    this.connect(client, this.backends.length);
  }

  /** Tries the backends round-robin; the client is reset when none accepts. */
  private connect(client: net.Socket, triesLeft: number): void {
    const backend = this.backends[this.next++ % this.backends.length]!;
    client.pause();
    const upstream = net.connect({ host: backend.host, port: backend.port, noDelay: true });
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      if (this.cut || this.silent || client.destroyed) {
        upstream.destroy();
        client.resetAndDestroy();
        return;
      }
      this.track(client, upstream);
      client.on('data', (chunk: Buffer) => this.watch?.onRequest(chunk, (then) => upstream.once('data', () => setImmediate(then))));
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
    upstream.on('error', () => {
      if (!connected && triesLeft > 1 && !this.cut && !client.destroyed) return this.connect(client, triesLeft - 1);
      if (!client.destroyed) client.resetAndDestroy();
    });
  }

  private track(client: net.Socket, upstream: net.Socket): void {
    this.pairs.add(client);
    this.pairs.add(upstream);
    this.pipes.set(client, upstream);
    // A side that ends or breaks takes the other with it, as a crashed peer would.
    const drop = () => {
      this.pairs.delete(client);
      this.pairs.delete(upstream);
      this.pipes.delete(client);
      if (!client.destroyed) client.destroy();
      if (!upstream.destroyed) upstream.destroy();
    };
    client.once('close', drop);
    upstream.once('close', drop);
  }
}
