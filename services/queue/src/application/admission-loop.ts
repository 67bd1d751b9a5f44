import type { Logger } from '@concert/logger';
import type { QueueStore } from './queue.ports';
import type { SoldOutWatch } from './sold-out-watch';

/**
 * Each replica ticks every `intervalMs`: expires ACTIVE tokens whose time is up, drops abandoned WAITING
 * fans and fills freed slots. Ticks of several replicas may interleave freely; each concert's step is
 * one atomic script that re-reads the active count, so together they never exceed maxActive. The
 * tick's per-concert counts then tell the sold-out watch which concerts have fans worth asking about.
 */
export function startAdmissionLoop(store: QueueStore, soldOut: SoldOutWatch, intervalMs: number, logger: Logger): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const tick = () => {
    running = store
      .admitEverywhere()
      .then((loads) => soldOut.refresh(loads))
      .catch((error: unknown) => logger.warn({ err: error }, 'admission tick failed; retrying next tick'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, intervalMs);

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      await soldOut.settle();
    },
  };
}
