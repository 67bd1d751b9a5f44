import { isDefiniteAnswer } from '@concert/errors';
import { withCorrelation, type Logger } from '@concert/logger';
import { retryOnConflict } from '@concert/stream-store';
import { randomUUID } from 'node:crypto';
import type { SagaState } from '../domain/saga-state';
import { applyReply, onDeadline, tokenExpired, type SagaDecision, type SagaReply } from '../domain/saga-transitions';
import type { Clock, CommandOutbox, QueuePort, SagaEvent, SagaStore } from './payment.ports';
import type { SagaWatcher } from './saga-watcher';

/**
 * Moves sagas forward. Every step is: read the stream's head, decide with the pure transitions,
 * insert version + 1 (a lost race re-reads and decides again, usually to do nothing). The command a
 * step sends is stored on the same record, so storing the step and "sending" it are one insert;
 * publishing is the outbox's job.
 */
export class SagaOrchestrator {
  constructor(
    private readonly store: SagaStore,
    private readonly outbox: CommandOutbox,
    private readonly queue: QueuePort,
    private readonly watcher: SagaWatcher,
    private readonly logger: Logger,
    private readonly clock: Clock,
    private readonly stepTimeoutMs: number,
  ) {}

  /** Stores version 1; a duplicate key (the saga exists) propagates to the caller. */
  async begin(decision: SagaDecision): Promise<SagaEvent> {
    const event = this.toEvent(1, decision, null);
    await this.store.append(event);
    await this.afterAppend(event);
    return event;
  }

  async handleReply(sagaId: string, reply: SagaReply, messageId: string): Promise<void> {
    const event = await this.advance(sagaId, (state) => applyReply(state, reply, this.clock(), this.stepTimeoutMs), messageId);
    if (!event) this.logger.debug({ type: reply.type, commandId: reply.commandId }, 'reply changes nothing (duplicate or late)');
  }

  /** The sweeper's visit: act on a step that is past its deadline. */
  async handleDeadline(sagaId: string, flaggedVersion: number): Promise<void> {
    const head = await this.store.head(sagaId);
    if (!head) return;
    if (head.version !== flaggedVersion) await this.store.markSuperseded(sagaId, flaggedVersion);
    const { state } = head;
    if (!state.deadlineAt || state.deadlineAt.getTime() > this.clock().getTime()) return;
    if (state.step === 'EXPIRE_TOKEN') return this.expireToken(sagaId);
    await this.advance(sagaId, (s) => onDeadline(s, this.clock(), this.stepTimeoutMs), null);
  }

  /** Completes a debited saga: expire the queue token (idempotent), then record the completion. */
  async expireToken(sagaId: string): Promise<void> {
    const head = await this.store.head(sagaId);
    if (!head || head.state.step !== 'EXPIRE_TOKEN') return;
    const { state } = head;
    await withCorrelation({ sagaId, requestId: state.requestId }, async () => {
      try {
        await this.queue.expireToken(state.concertCode, state.tokenId, 'PAYMENT_COMPLETED');
      } catch (error) {
        if (!isDefiniteAnswer(error)) {
          // The sweeper tries again at the step's deadline.
          this.logger.warn({ err: error }, 'expire token failed; will retry');
          return;
        }
        // The token is already unusable (expired, left, unknown): nothing left to expire.
        this.logger.warn({ code: error.code }, 'token could not be expired; treating it as already gone');
      }
      await this.advance(sagaId, tokenExpired, null);
    });
  }

  private async advance(sagaId: string, decide: (state: SagaState) => SagaDecision | null, causationId: string | null): Promise<SagaEvent | null> {
    const event = await retryOnConflict(async () => {
      const head = await this.store.head(sagaId);
      if (!head) {
        this.logger.warn({ sagaId }, 'no such saga');
        return null;
      }
      const decision = decide(head.state);
      if (!decision) return null;
      const next = this.toEvent(head.version + 1, decision, causationId);
      await this.store.append(next);
      return next;
    });
    if (event) {
      await this.store.markSuperseded(sagaId, event.version - 1).catch(() => undefined);
      await this.afterAppend(event);
    }
    return event;
  }

  private async afterAppend(event: SagaEvent): Promise<void> {
    const { state } = event;
    withCorrelation({ sagaId: state.sagaId, requestId: state.requestId }, () =>
      this.logger.info({ step: event.name, by: event.service, outcome: event.outcome, status: state.status, version: event.version }, `saga step ${event.name}`),
    );
    // Not awaited: the command is stored, so neither a reply's ack nor a fan's StartPayment waits on
    // the broker; if this publish fails, the relay's poll publishes the stored command.
    if (event.command) void this.outbox.publish(event).catch((error: unknown) => this.logger.warn({ err: error }, 'command publish deferred to the relay'));
    this.watcher.notify(state);
    if (state.step === 'EXPIRE_TOKEN' && event.name === 'WALLET_DEBITED') {
      void this.expireToken(state.sagaId).catch((error: unknown) => this.logger.warn({ err: error, sagaId: state.sagaId }, 'expire token step failed'));
    }
  }

  private toEvent(version: number, d: SagaDecision, causationId: string | null): SagaEvent {
    return {
      sagaId: d.state.sagaId,
      version,
      name: d.name,
      service: d.service,
      outcome: d.outcome,
      detail: d.detail,
      at: this.clock(),
      state: d.state,
      command: d.command ? { ...d.command, messageId: randomUUID() } : null,
      causationId,
    };
  }
}
