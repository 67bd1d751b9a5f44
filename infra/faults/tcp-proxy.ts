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
  private readonly pairs = new Set<net.Socket>();
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
   * The backend becomes unreachable: every open connection is reset and new ones are accepted and
   * reset at once. A reset answers the client at once (a silent black hole would only make it wait,
   * since no store call has a timeout), which is what makes a consumer fail and retry.
   */
  cutOff(): void {
    this.cut = true;
    for (const socket of this.pairs) socket.resetAndDestroy();
    this.pairs.clear();
  }

  /**
   * Cuts off once a client has sent a chunk containing every marker of `first`, then one containing
   * every marker of `then`, and the backend has answered that second request (so it took effect).
   * Falls back to cutting at once when `first` is not seen within `timeoutMs`, or `then` not within a
   * second after it. Resolves with what it saw.
   */
  cutOffAfter(first: Buffer[], then: Buffer[], timeoutMs: number): Promise<'both' | 'first' | 'none'> {
    return new Promise((resolve) => {
      let seen: 'both' | 'first' | 'none' = 'none';
      const fire = () => {
        clearTimeout(timer);
        this.watch = null;
        this.cutOff();
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
  }

  get isCut(): boolean {
    return this.cut;
  }

  async close(): Promise<void> {
    for (const socket of this.pairs) socket.destroy();
    this.pairs.clear();
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
      if (this.cut || client.destroyed) {
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
    // A side that ends or breaks takes the other with it, as a crashed peer would.
    const drop = () => {
      this.pairs.delete(client);
      this.pairs.delete(upstream);
      if (!client.destroyed) client.destroy();
      if (!upstream.destroyed) upstream.destroy();
    };
    client.once('close', drop);
    upstream.once('close', drop);
  }
}
