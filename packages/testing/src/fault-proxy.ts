import net from 'node:net';

/**
 * A TCP proxy in front of a real server that fails the way networks do, on demand:
 * - stall: every socket stays open but no byte passes either way (held, and sent on at resume), so
 *   to a client the server looks alive and never answers — the hung store or broker deadlines exist for;
 * - cut after answer: the next request matching a predicate is passed on, and when the server answers
 *   it the answer is dropped and the client's connection cut — a write that landed while its caller
 *   saw only a network error.
 */
export interface FaultProxy {
  port: number;
  /** `target` with its host and port replaced by the proxy's (credentials and path kept). */
  url: string;
  stall(): void;
  resume(): void;
  /** Arms the proxy for one request (latin1 text of the chunk the client sent). */
  cutAfterAnswer(matches: (request: string) => boolean): void;
  /** How many answers were lost so far. */
  cuts(): number;
  /** Everything clients sent through the proxy so far, as latin1 text (to look for a command). */
  sent(): string;
  close(): Promise<void>;
}

export async function startFaultProxy(target: string, defaultPort: number): Promise<FaultProxy> {
  const upstreamUrl = new URL(target);
  const upstreamPort = Number(upstreamUrl.port || defaultPort);
  let stalled = false;
  let armed: ((request: string) => boolean) | null = null;
  let cuts = 0;
  const held: { to: net.Socket; chunk: Buffer }[] = [];
  const sent: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const forward = (to: net.Socket, chunk: Buffer) => (stalled ? held.push({ to, chunk }) : to.write(chunk));

  const server = net.createServer((client) => {
    const upstream = net.connect(upstreamPort, upstreamUrl.hostname);
    sockets.add(client).add(upstream);
    let cutOnAnswer = false;
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('data', (chunk: Buffer) => {
      sent.push(chunk);
      if (armed?.(chunk.toString('latin1'))) {
        armed = null;
        cutOnAnswer = true;
      }
      forward(upstream, chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!cutOnAnswer) return forward(client, chunk);
      cuts++;
      end();
    });
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const url = new URL(target);
  url.host = `127.0.0.1:${port}`;

  return {
    port,
    url: url.toString(),
    stall: () => void (stalled = true),
    resume: () => {
      stalled = false;
      for (const { to, chunk } of held.splice(0)) if (!to.destroyed) to.write(chunk);
    },
    cutAfterAnswer: (matches) => void (armed = matches),
    cuts: () => cuts,
    sent: () => Buffer.concat(sent).toString('latin1'),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
