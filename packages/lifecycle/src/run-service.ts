import { createLogger } from '@concert/logger';

export interface RunningService {
  stop(): Promise<void>;
}

/**
 * The process entry of a service: start it, and on SIGTERM or SIGINT stop it (the service finishes
 * in-flight work and closes its connections) and exit 0. A failed start is logged and exits 1.
 */
export function runService<C>(name: string, config: C, start: (config: C) => Promise<RunningService>): void {
  start(config).then(
    (service) => {
      const shutdown = () => void service.stop().then(() => process.exit(0));
      process.once('SIGTERM', shutdown);
      process.once('SIGINT', shutdown);
    },
    (error: unknown) => {
      createLogger(name).fatal({ err: error }, `${name} failed to start`);
      process.exit(1);
    },
  );
}
