import type { Logger } from '@concert/logger';
import type { Clock, OpenSaga, SagaStore } from './payment.ports';
import type { SagaOrchestrator } from './saga-orchestrator';
import { beforeDeadline } from './saga-watcher';

export interface SweepLimits {
  /** Sagas handled per sweep at most, the most overdue first. */
  batchSize: number;
  /** Sagas handled at once. */
  concurrency: number;
  /** A saga's handling holds its slot this long at most; it stays in flight (not picked again) until it ends. */
  handleTimeoutMs: number;
}

/**
 * Enforces step deadlines: a step that is not answered is sent again, a token expiry that failed is
 * retried. Several sweepers (replicas) may visit the same saga; the stream's unique versions let one
 * step win. Each sweep lists the open sagas (one equality query), orders them by their best-known
 * deadline and handles a bounded batch, the most overdue first, a few at a time, each within its own
 * timeout: no saga — nor a hung store or dependency behind it — holds up another's deadline.
 */
export class DeadlineSweeper {
  private timer: NodeJS.Timeout | null = null;
  /** Heads' deadlines learned by reading them: an opener's own deadline is only a lower bound. */
  private readonly notBefore = new Map<string, number>();
  /** Sagas whose handling has not ended yet (possibly past its timeout): never handled twice at once. */
  private readonly inFlight = new Set<string>();
  private running: Promise<unknown> | null = null;
  private stopped = false;

  constructor(
    private readonly store: SagaStore,
    private readonly orchestrator: SagaOrchestrator,
    private readonly logger: Logger,
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly limits: SweepLimits,
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
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass; returns how many sagas it took up. */
  async sweep(): Promise<number> {
    const open = await this.store.openSagas();
    const now = this.clock().getTime();
    const stillOpen = new Set(open.map((o) => o.sagaId));
    for (const sagaId of this.notBefore.keys()) if (!stillOpen.has(sagaId)) this.notBefore.delete(sagaId);
    const due = open
      .filter((o) => o.deadlineAt && !this.inFlight.has(o.sagaId))
      .map((o) => ({ ...o, dueAt: this.dueAt(o) }))
      .filter((o) => o.dueAt <= now)
      .sort((a, b) => a.dueAt - b.dueAt)
      .slice(0, this.limits.batchSize);
    let next = 0;
    // A stopping sweeper takes up no more sagas (a hung store would hold stop for the whole batch).
    const worker = async () => {
      while (next < due.length && !this.stopped) await this.handle(due[next++]!);
    };
    await Promise.all(Array.from({ length: Math.min(this.limits.concurrency, due.length) }, worker));
    return due.length;
  }

  private dueAt(o: OpenSaga): number {
    return Math.max(o.deadlineAt!.getTime(), this.notBefore.get(o.sagaId) ?? 0, this.orchestrator.knownDeadline(o.sagaId) ?? 0);
  }

  private async handle({ sagaId, version }: OpenSaga): Promise<void> {
    this.inFlight.add(sagaId);
    const handled = this.orchestrator
      .handleDeadline(sagaId, version)
      .then(
        (deadline) => {
          if (deadline) this.notBefore.set(sagaId, deadline.getTime());
          else this.notBefore.delete(sagaId);
        },
        (error: unknown) => this.logger.warn({ err: error, sagaId }, 'deadline handling failed'),
      )
      .finally(() => this.inFlight.delete(sagaId));
    const timedOut = Symbol('timed out');
    if ((await beforeDeadline(handled, Date.now() + this.limits.handleTimeoutMs, timedOut)) === timedOut) {
      this.logger.warn({ sagaId, timeoutMs: this.limits.handleTimeoutMs }, 'deadline handling still running; its slot goes to the next saga');
    }
  }
}
