import { AggregatorRegistry, type Registry } from 'prom-client';
import type { MetricsSource } from './metrics-server';

/**
 * A service run in several worker processes on one port (lifecycle's runInWorkers) must not let each
 * worker answer scrapes: a scrape would reach one worker at random and counters would jump between
 * workers' values. The primary serves the sum of all workers instead, asking them over cluster IPC.
 */
export function clusterMetricsSource(): MetricsSource {
  const aggregator = new AggregatorRegistry();
  return { contentType: aggregator.contentType, metrics: () => aggregator.clusterMetrics() };
}

/** In a worker: answer the primary's requests with this registry's metrics. */
export function reportToPrimary(registry: Registry): void {
  new AggregatorRegistry(); // its constructor installs the worker's IPC listener
  AggregatorRegistry.setRegistries([registry]);
}
