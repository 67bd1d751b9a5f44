import type { Logger } from '@concert/logger';
import type { ConcertCatalog } from './concert-catalog.port';
import type { QueueLoad, QueueStore } from './queue.ports';
import { throttledWarning } from './throttled-warning';

export interface SoldOutWatchOptions {
  /** A concert is asked at most this often (per replica). */
  checkEveryMs: number;
  /** How long a flag stays without being confirmed: a concert nobody waits for is no longer asked. */
  flagTtlMs: number;
}

export const SOLD_OUT_DEFAULTS: SoldOutWatchOptions = { checkEveryMs: 1_000, flagTtlMs: 30_000 };

/**
 * Keeps each busy concert's sold-out flag in the queue's store current. Only concerts that have fans
 * waiting or active are asked, each at most once per `checkEveryMs`, so the concert service sees about
 * one GetConcert per concert per second however many fans poll; the fans themselves only ever read
 * the flag from Redis. The flag is cleared as soon as the concert says otherwise (a seat freed by a
 * failed payment sells again). When the concert service does not answer, the last known flag stays.
 */
export class SoldOutWatch {
  private readonly askedAt = new Map<string, number>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly warnUnreachable: (fields: Record<string, unknown>) => void;

  constructor(
    private readonly store: Pick<QueueStore, 'recordSoldOut' | 'extendSoldOut'>,
    private readonly catalog: ConcertCatalog,
    logger: Logger,
    private readonly options: SoldOutWatchOptions = SOLD_OUT_DEFAULTS,
  ) {
    this.warnUnreachable = throttledWarning(logger, 'sold-out check failed; keeping the last known flag', options.checkEveryMs * 10);
  }

  /** Starts a check of every concert with fans that is due; does not wait for the answers. */
  refresh(loads: QueueLoad[]): void {
    const now = Date.now();
    for (const { concertCode, waiting, active } of loads) {
      if (waiting + active === 0 || (this.askedAt.get(concertCode) ?? -Infinity) + this.options.checkEveryMs > now) continue;
      this.askedAt.set(concertCode, now);
      const check = this.check(concertCode).finally(() => this.inFlight.delete(check));
      this.inFlight.add(check);
    }
    // Forget concerts that went quiet, so the map does not grow with every concert ever served.
    for (const [code, at] of this.askedAt) if (at + this.options.flagTtlMs < now) this.askedAt.delete(code);
  }

  /** Waits for the checks under way (shutdown). */
  async settle(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }

  private async check(concertCode: string): Promise<void> {
    const { flagTtlMs } = this.options;
    try {
      await this.store.recordSoldOut(concertCode, await this.catalog.isSoldOut(concertCode), flagTtlMs);
    } catch (error) {
      this.warnUnreachable({ err: error, concertCode });
      await this.store.extendSoldOut(concertCode, flagTtlMs).catch(() => undefined);
    }
  }
}
