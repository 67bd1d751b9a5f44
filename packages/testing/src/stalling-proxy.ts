import net from 'node:net';

/**
 * A TCP proxy in front of a real server that can stall: while stalled it keeps every socket open but
 * passes no byte either way (they are held, and sent on when it resumes), so to a client the server
 * looks alive and never answers — the hung store or broker that deadlines exist for.
 */
export interface StallingProxy {
  port: number;
  /** `target` with its host and port replaced by the proxy's (credentials and path kept). */
  url: string;
  stall(): void;
  resume(): void;
  /** Everything clients sent through the proxy so far, as latin1 text (to look for a command). */
  sent(): string;
  close(): Promise<void>;
}

export async function startStallingProxy(target: string, defaultPort: number): Promise<StallingProxy> {
  const upstreamUrl = new URL(target);
  const upstreamPort = Number(upstreamUrl.port || defaultPort);
  let stalled = false;
  const held: { to: net.Socket; chunk: Buffer }[] = [];
  const sent: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const forward = (to: net.Socket, chunk: Buffer) => (stalled ? held.push({ to, chunk }) : to.write(chunk));

  const server = net.createServer((client) => {
    const upstream = net.connect(upstreamPort, upstreamUrl.hostname);
    sockets.add(client).add(upstream);
    client.on('data', (chunk: Buffer) => {
      sent.push(chunk);
      forward(upstream, chunk);
    });
    upstream.on('data', (chunk: Buffer) => forward(client, chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
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
    sent: () => Buffer.concat(sent).toString('latin1'),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
