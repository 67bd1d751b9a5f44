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
 * Connections the kernel may hold for us before we accept them. Node's default (511) overflowed when a
 * rush opened thousands of connections within a second (the excess SYNs are dropped; each client waits
 * out TCP's retransmissions, 1, 3, 7 s). Deeper is not better: with 65,535 (and somaxconn raised to
 * match) a 10,000-fan burst sat in the queue past the clients' 30 s timeout instead of being turned away
 * early. 4096 is also the kernel's usual somaxconn cap.
 */
const ACCEPT_BACKLOG = 4_096;

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
