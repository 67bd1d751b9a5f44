import net from 'node:net';

/**
 * A TCP proxy in front of the store that can lose one answer: once armed, the first request matching
 * the predicate is passed on, and when the server answers it the answer is dropped and the client's
 * connection cut — a write that landed while its caller saw only a network error.
 */
export interface CuttingProxy {
  url: string;
  /** Arms the proxy for one request (latin1 text of the chunk the client sent). */
  cutAfterAnswer(matches: (request: string) => boolean): void;
  /** How many answers were lost so far. */
  cuts(): number;
  close(): Promise<void>;
}

export async function startCuttingProxy(target: string): Promise<CuttingProxy> {
  const upstreamUrl = new URL(target);
  let armed: ((request: string) => boolean) | null = null;
  let cuts = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(upstreamUrl.port || 27017), upstreamUrl.hostname);
    sockets.add(client).add(upstream);
    let cutOnAnswer = false;
    client.on('data', (chunk: Buffer) => {
      if (armed?.(chunk.toString('latin1'))) {
        armed = null;
        cutOnAnswer = true;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!cutOnAnswer) return void client.write(chunk);
      cuts++;
      client.destroy();
      upstream.destroy();
    });
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
  const url = new URL(target);
  url.host = `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return {
    url: url.toString(),
    cutAfterAnswer: (matches) => void (armed = matches),
    cuts: () => cuts,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The insert command of a saga step (BSON: the string element `insert` naming saga_events). */
export const isSagaInsert = (request: string): boolean => /\x02insert\x00[\s\S]{4}saga_events\x00/.test(request);
