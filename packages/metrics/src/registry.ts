import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * One registry per service instance, never prom-client's global one: tests boot several services in
 * one process, and each must report only its own series. Default process metrics (CPU, memory, event
 * loop lag, GC) come with it; every series carries `service` so a dashboard can tell them apart
 * whatever job name a deployment scrapes them under.
 */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}
