import { SAGA_MESSAGES } from '@concert/amqp-kit';
import { isDefiniteAnswer } from '@concert/errors';
import { withCorrelation, type Logger } from '@concert/logger';
import { retryOnConflict, type StreamHeads } from '@concert/stream-store';
import { randomUUID } from 'node:crypto';
import { isOpen, type SagaState } from '../domain/saga-state';
import { applyReply, debitedWithTokenExpired, onDeadline, tokenExpired, type SagaDecision, type SagaReply } from '../domain/saga-transitions';
import type { Clock, CommandOutbox, QueuePort, SagaEvent, SagaStore } from './payment.ports';
import type { SagaWatcher } from './saga-watcher';

/** The inline token expiry's own deadline (the sweeper retries a slower queue service). */
const INLINE_EXPIRE_TIMEOUT_MS = 1_000;
/** Room for clocks of replicas that disagree: no sweeper acts on a step this long before its deadline. */
const CLOCK_SKEW_MS = 1_000;
/**
 * Token expiries asked in the background at once; past it a retry is skipped (its step is stored with
 * a moved deadline, so it is asked again then). Bounds the calls a hung queue service can pile up.
 */
const MAX_BACKGROUND_EXPIRIES = 64;

type Decide = (head: SagaEvent) => SagaDecision | null | Promise<SagaDecision | null>;

/**
 * Moves sagas forward. Every step is: take the stream's head (this process's last insert, else a
 * read), decide with the pure transitions, insert version + 1 (a lost race reads and decides again,
 * usually to do nothing). The command a step sends is stored on the same record, so storing the step
 * and "sending" it are one insert; publishing is the outbox's job.
 */
export class SagaOrchestrator {
  constructor(
    private readonly store: SagaStore,
    private readonly outbox: CommandOutbox,
    private readonly queue: QueuePort,
    private readonly watcher: SagaWatcher,
    /** Heads of the live sagas this process stored: a reply's step inserts after one without a read. */
    private readonly heads: StreamHeads<SagaEvent>,
    private readonly logger: Logger,
    private readonly clock: Clock,
    private readonly stepTimeoutMs: number,
  ) {}

  /** Stores version 1; a duplicate key (the saga exists) propagates to the caller. */
  async begin(decision: SagaDecision): Promise<SagaEvent> {
    const event = this.toEvent(null, decision, null);
    await this.store.append(event);
    this.afterAppend(null, event);
    return event;
  }

  async handleReply(sagaId: string, reply: SagaReply, messageId: string): Promise<void> {
    const decide: Decide =
      reply.type === SAGA_MESSAGES.walletDebited
        ? (head) => this.debitedStep(head, reply)
        : (head) => applyReply(head.state, reply, this.clock(), this.stepTimeoutMs);
    const event = await this.advance(sagaId, decide, messageId);
    if (!event) this.logger.debug({ type: reply.type, commandId: reply.commandId }, 'reply changes nothing (duplicate or late)');
  }

  /**
   * The sweeper's visit to a flagged opener. Returns the head's deadline (moved on when this visit
   * sent a step again), or null when the saga is closed. Only store calls are awaited here: a token
   * expiry to retry is stored as a step first and the queue service is asked in the background, so a
   * hung dependency holds no sweeper slot.
   */
  async handleDeadline(sagaId: string, flaggedVersion: number): Promise<Date | null> {
    const head = await this.store.head(sagaId);
    if (!head) return null;
    const open = isOpen(head.state);
    if (!open || openerOf(head) !== flaggedVersion) await this.store.clearOpen(sagaId, flaggedVersion).catch(() => undefined);
    if (!open) {
      this.heads.forget(sagaId);
      return null;
    }
    const { deadlineAt } = head.state;
    if (!deadlineAt || deadlineAt.getTime() > this.clock().getTime()) return deadlineAt;
    const stored = await this.advance(sagaId, (h) => onDeadline(h.state, this.clock(), this.stepTimeoutMs), null, head);
    return stored ? stored.state.deadlineAt : null;
  }

  /** The deadline of the head this process last stored for the saga (a lower bound), if it has one. */
  knownDeadline(sagaId: string): number | null {
    return this.heads.get(sagaId)?.state.deadlineAt?.getTime() ?? null;
  }

  /** Completes a debited saga: expire the queue token (idempotent), then record the completion. */
  async expireToken(sagaId: string, known?: SagaEvent): Promise<void> {
    const head = known ?? this.heads.get(sagaId) ?? (await this.store.head(sagaId));
    if (!head || head.state.step !== 'EXPIRE_TOKEN') return;
    if (await this.tokenGone(head.state)) await this.advance(sagaId, (h) => tokenExpired(h.state), null, head);
  }

  /**
   * wallet.debited: with enough time before the step's deadline, expire the queue token first and
   * store ONE step that completes the payment; near the deadline (a sweeper may be resending the
   * debit, which costs this insert a retry), or if the queue service does not answer, store
   * WALLET_DEBITED (step EXPIRE_TOKEN) and expire it afterwards.
   */
  private async debitedStep(head: SagaEvent, reply: SagaReply): Promise<SagaDecision | null> {
    const debited = applyReply(head.state, reply, this.clock(), this.stepTimeoutMs);
    if (debited?.state.step !== 'EXPIRE_TOKEN') return debited;
    const room = (head.state.deadlineAt?.getTime() ?? 0) - this.clock().getTime();
    if (room < INLINE_EXPIRE_TIMEOUT_MS + CLOCK_SKEW_MS) return debited;
    return (await this.tokenGone(debited.state, INLINE_EXPIRE_TIMEOUT_MS)) ? debitedWithTokenExpired(debited) : debited;
  }

  /** Asks the queue service to expire the token; true once it is expired (or was already unusable). */
  private tokenGone(state: SagaState, timeoutMs?: number): Promise<boolean> {
    return withCorrelation({ sagaId: state.sagaId, requestId: state.requestId }, async () => {
      try {
        await this.queue.expireToken(state.concertCode, state.tokenId, 'PAYMENT_COMPLETED', timeoutMs);
        return true;
      } catch (error) {
        if (!isDefiniteAnswer(error)) {
          // The sweeper tries again at the step's deadline.
          this.logger.warn({ err: error }, 'expire token failed; will retry');
          return false;
        }
        // The token is already unusable (expired, left, unknown): nothing left to expire.
        this.logger.warn({ code: error.code }, 'token could not be expired; treating it as already gone');
        return true;
      }
    });
  }

  /**
   * Decides on the head and inserts the next version. The first attempt uses `known` or the cached
   * head (no read); a cached head that decides nothing may be stale, so it is checked against a read.
   */
  private async advance(sagaId: string, decide: Decide, causationId: string | null, known?: SagaEvent): Promise<SagaEvent | null> {
    let hint = known ?? this.heads.get(sagaId);
    const stored = await retryOnConflict(async () => {
      let head = hint ?? (await this.store.head(sagaId));
      let decision = head ? await decide(head) : null;
      if (!decision && hint) {
        head = await this.store.head(sagaId);
        decision = head ? await decide(head) : null;
      }
      hint = undefined; // a lost insert means the head moved: every retry reads
      if (!head) this.logger.warn({ sagaId }, 'no such saga');
      if (!head || !decision) return null;
      const next = this.toEvent(head, decision, causationId);
      await this.store.append(next);
      return { previous: head, next };
    });
    if (!stored) return null;
    this.afterAppend(stored.previous, stored.next);
    return stored.next;
  }

  private afterAppend(previous: SagaEvent | null, event: SagaEvent): void {
    const { state } = event;
    withCorrelation({ sagaId: state.sagaId, requestId: state.requestId }, () =>
      this.logger.info({ step: event.name, by: event.service, outcome: event.outcome, status: state.status, version: event.version }, `saga step ${event.name}`),
    );
    if (event.opener !== null) this.heads.remember(event.sagaId, event);
    else this.heads.forget(state.sagaId);
    // Not awaited: the command is stored, so neither a reply's ack nor a fan's StartPayment waits on
    // the broker; if this publish fails, the relay's poll publishes the stored command.
    if (event.command) void this.outbox.publish(event).catch((error: unknown) => this.logger.warn({ err: error }, 'command publish deferred to the relay'));
    // The saga closed: its opener leaves the sweeper's query. If this update is lost (crash), the
    // sweeper finds the flag, reads the closed head and clears it then.
    if (previous && isOpen(previous.state) && event.opener === null) {
      void this.store.clearOpen(state.sagaId, openerOf(previous)).catch((error: unknown) => this.logger.warn({ err: error, sagaId: state.sagaId }, 'open flag left for the sweeper'));
    }
    this.watcher.notify(state);
    if (state.step === 'EXPIRE_TOKEN' && (event.name === 'WALLET_DEBITED' || event.name === 'TOKEN_EXPIRY_RETRIED')) this.expireInBackground(event);
  }

  private backgroundExpiries = 0;

  private expireInBackground(event: SagaEvent): void {
    if (this.backgroundExpiries >= MAX_BACKGROUND_EXPIRIES) return;
    this.backgroundExpiries++;
    void this.expireToken(event.sagaId, event)
      .catch((error: unknown) => this.logger.warn({ err: error, sagaId: event.sagaId }, 'expire token step failed'))
      .finally(() => this.backgroundExpiries--);
  }

  private toEvent(previous: SagaEvent | null, d: SagaDecision, causationId: string | null): SagaEvent {
    const version = previous ? previous.version + 1 : 1;
    const wasOpen = previous !== null && isOpen(previous.state);
    const opener = isOpen(d.state) ? (wasOpen ? openerOf(previous) : version) : null;
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
      opener,
    };
  }
}

/** Records written before `opener` existed carried the flag on the head itself. */
const openerOf = (event: SagaEvent): number => event.opener ?? event.version;
