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
    const overdue = await this.store.overdue(this.clock(), 200);
    for (const { sagaId, version } of overdue) {
      await this.orchestrator.handleDeadline(sagaId, version).catch((error: unknown) => this.logger.warn({ err: error, sagaId }, 'deadline handling failed'));
    }
    return overdue.length;
  }
}
