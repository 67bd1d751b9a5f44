import type { Logger } from '@concert/logger';
import type { Clock, SagaStore } from './payment.ports';
import type { SagaOrchestrator } from './saga-orchestrator';

/**
 * Enforces step deadlines: a saga whose concert or wallet never answers is compensated, a
 * compensation that is not answered is sent again, a token expiry that failed is retried. Several
 * sweepers (replicas) may visit the same saga; the stream's unique versions let one step win.
 */
export class DeadlineSweeper {
  private timer: NodeJS.Timeout | null = null;
  /** A flagged opener's deadline is an early bound; the head's real one, once read, spares re-reads. */
  private notBefore = new Map<string, number>();
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly store: SagaStore,
    private readonly orchestrator: SagaOrchestrator,
    private readonly logger: Logger,
    private readonly clock: Clock,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    const tick = () => {
      this.running = this.sweep()
        .catch((error: unknown) => this.logger.warn({ err: error }, 'deadline sweep failed'))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, this.intervalMs);
        });
    };
    this.timer = setTimeout(tick, this.intervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  async sweep(): Promise<number> {
    const now = this.clock().getTime();
    const flagged = await this.store.overdue(this.clock(), Number.MAX_SAFE_INTEGER);
    const due = flagged.filter(({ sagaId }) => (this.notBefore.get(sagaId) ?? 0) <= now).slice(0, 200);
    const stillFlagged = new Set(flagged.map((f) => f.sagaId));
    const notBefore = new Map([...this.notBefore].filter(([sagaId]) => stillFlagged.has(sagaId)));
    for (const { sagaId, version } of due) {
      notBefore.delete(sagaId);
      const next = await this.orchestrator.handleDeadline(sagaId, version).catch((error: unknown) => {
        this.logger.warn({ err: error, sagaId }, 'deadline handling failed');
        return null;
      });
      if (next) notBefore.set(sagaId, next.getTime());
    }
    this.notBefore = notBefore;
    return due.length;
  }
}
