import { createServer, type Server, type ServerResponse } from 'node:http';
import type { Express } from 'express';

export interface HttpServerHandle {
  server: Server;
  /** Stops accepting, lets in-flight requests finish, then forces any socket left after `graceMs`. */
  close(graceMs: number): Promise<void>;
}

/**
 * Listens, and knows how to drain: on close, every response still to be written says
 * `Connection: close`, and keep-alive sockets are closed as soon as they are idle — otherwise a
 * client's idle connection would hold the shutdown until its own keep-alive timeout.
 */
/**
 * Connections the kernel may hold for us before we accept them. Node's default (511) overflows when a
 * rush opens thousands of connections within a second: the excess SYNs are dropped and each client
 * waits out TCP's retransmission backoff (1, 3, 7, 15 s) or is reset. The kernel caps it at somaxconn.
 */
const ACCEPT_BACKLOG = 65_535;

export function listen(app: Express, port: number): Promise<HttpServerHandle> {
  const active = new Set<ServerResponse>();
  let draining = false;
  return new Promise((resolve, reject) => {
    const server = createServer(app);
    server.once('error', reject);
    server.listen({ port, backlog: ACCEPT_BACKLOG }, () => resolve({ server, close }));
    server.on('request', (_req, res: ServerResponse) => {
      if (draining) res.setHeader('Connection', 'close');
      active.add(res);
      res.on('close', () => active.delete(res));
    });

    function close(graceMs: number): Promise<void> {
      draining = true;
      for (const res of active) if (!res.headersSent) res.setHeader('Connection', 'close');
      return new Promise((done) => {
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        force.unref();
        server.close(() => {
          clearInterval(sweep);
          clearTimeout(force);
          done();
        });
        server.closeIdleConnections();
      });
    }
  });
}
