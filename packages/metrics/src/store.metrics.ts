import { Histogram, type Registry } from 'prom-client';

/** The command monitoring events of a MongoDB driver client (typed here so this package needs no driver). */
interface CommandEvent {
  commandName: string;
  /** Milliseconds, as the driver measured the round trip. */
  duration: number;
}

export interface CommandMonitoringClient {
  on(event: 'commandSucceeded' | 'commandFailed', listener: (event: CommandEvent) => void): unknown;
}

/**
 * The driver only emits command events when the client was created with monitoring on; adding the URL
 * option here keeps the one place that opens connections (stream-store's connectMongo) unaware of it.
 */
export function withCommandMonitoring(mongoUrl: string): string {
  const url = new URL(mongoUrl);
  url.searchParams.set('monitorCommands', 'true');
  return url.toString();
}

/**
 * Store command latency by command name (`find`, `insert`, `update`, `getMore` …) and outcome, as the
 * driver measured it: what FerretDB or MongoDB cost each request, apart from the service's own work.
 */
export function observeStoreCommands(registry: Registry, client: CommandMonitoringClient): void {
  const seconds = new Histogram({
    name: 'store_command_duration_seconds',
    help: 'MongoDB-wire store command round trips, by command name and outcome (ok, error).',
    labelNames: ['command', 'outcome'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  client.on('commandSucceeded', (event) => seconds.observe({ command: event.commandName, outcome: 'ok' }, event.duration / 1000));
  client.on('commandFailed', (event) => seconds.observe({ command: event.commandName, outcome: 'error' }, event.duration / 1000));
}
