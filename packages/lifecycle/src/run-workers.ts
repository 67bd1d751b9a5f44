import cluster from 'node:cluster';
import { createLogger } from '@concert/logger';

/**
 * Runs `run` in `count` worker processes that share the service's listening socket (a stateless
 * service uses every core this way), or in this process when count is 1. The primary replaces a worker
 * that dies on its own, and on SIGTERM or SIGINT stops them all and exits once they have.
 */
export function runInWorkers(name: string, count: number, run: () => void): void {
  if (count <= 1 || !cluster.isPrimary) return run();
  const logger = createLogger(name);
  // Every worker accepts on the shared socket itself: no hand-off of each connection through the primary.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  let stopping = false;
  cluster.on('exit', (worker, code, signal) => {
    if (!stopping) {
      logger.error({ pid: worker.process.pid, code, signal }, `${name} worker died; starting another`);
      cluster.fork();
    } else if (Object.keys(cluster.workers ?? {}).length === 0) {
      process.exit(0);
    }
  });
  const stop = () => {
    if (stopping) return;
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  for (let i = 0; i < count; i++) cluster.fork();
}
