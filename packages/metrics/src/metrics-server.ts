import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/** Anything that renders the exposition text: a registry, or the cluster primary's aggregation. */
export interface MetricsSource {
  contentType: string;
  metrics(): Promise<string>;
}

export const sourceOf = (registry: Registry): MetricsSource => ({ contentType: registry.contentType, metrics: () => registry.metrics() });

/**
 * `GET /metrics` on a port of its own, apart from the service's API: scrapes never queue behind API
 * traffic, and the port need not be reachable from outside the cluster. Port 0 picks a free one.
 */
export async function startMetricsServer(source: MetricsSource, port: number, host = '0.0.0.0'): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    source.metrics().then(
      (body) => res.writeHead(200, { 'Content-Type': source.contentType }).end(body),
      (error: unknown) => res.writeHead(500, { 'Content-Type': 'text/plain' }).end(String((error as Error)?.message ?? error)),
    );
  });
  // A scrape is one short request; idle keep-alive sockets must not hold up close().
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The service's metrics endpoint when METRICS_PORT is set, else none. */
export const serveMetrics = (registry: Registry, port: number | undefined): Promise<MetricsServer | null> =>
  port === undefined ? Promise.resolve(null) : startMetricsServer(sourceOf(registry), port);
