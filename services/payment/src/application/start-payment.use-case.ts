import { DomainError, isDomainError } from '@concert/errors';
import { currentCorrelation } from '@concert/logger';
import { isDuplicateKey } from '@concert/stream-store';
import { PaymentErrors, isFinalAnswer } from '../domain/payment.errors';
import { sagaIdOfReservation, type SagaState } from '../domain/saga-state';
import { startSaga } from '../domain/saga-transitions';
import type { Clock, ConcertPort, IdempotencyRecord, IdempotencyStore, SagaStore, WalletPort } from './payment.ports';
import type { SagaOrchestrator } from './saga-orchestrator';
import { beforeDeadline, type SagaWatcher } from './saga-watcher';

export interface StartPaymentCommand {
  userId: string;
  concertCode: string;
  tokenId: string;
  idempotencyKey: string;
  waitMs: number;
  /** The caller's gRPC deadline (epoch ms; Infinity when none): every answer leaves before it. */
  deadlineAt: number;
  /** The caller's token is used up: answer only a repeat of an earlier request with this key. */
  replayOnly?: boolean;
}

/** How long an unanswered Idempotency-Key claim is presumed alive (beyond the request's own wait). */
const CLAIM_LEASE_MS = 15_000;
const MAX_WAIT_MS = 30_000;
/** The answer leaves this long before the caller's deadline (transit back to the gateway). */
export const ANSWER_MARGIN_MS = 300;
/**
 * A saga starts only with this much of the caller's budget left: enough for the saga's first insert
 * and an answer. With less, the answer is UNAVAILABLE and the payment certainly did not start.
 */
export const MIN_START_BUDGET_MS = 1_000;

/**
 * POST /payments. Checks what can be checked synchronously (a live hold, no payment already running,
 * a balance that covers the price — without touching the hold), then starts the saga and waits up to
 * waitMs for its end. Everything after the start happens over the broker.
 */
export class StartPayment {
  constructor(
    private readonly sagas: SagaStore,
    private readonly keys: IdempotencyStore,
    private readonly concert: ConcertPort,
    private readonly wallet: WalletPort,
    private readonly orchestrator: SagaOrchestrator,
    private readonly watcher: SagaWatcher,
    private readonly clock: Clock,
    private readonly stepTimeoutMs: number,
  ) {}

  async execute(command: StartPaymentCommand): Promise<SagaState> {
    if (!command.userId || !command.concertCode) throw PaymentErrors.validation('user_id and concert_code are required');
    const waitMs = Math.min(Math.max(command.waitMs, 0), MAX_WAIT_MS);
    // The service's own bound: the fan's wait, cut short so that the answer beats the caller's deadline.
    const answerBy = Math.min(this.clock().getTime() + waitMs, command.deadlineAt - ANSWER_MARGIN_MS);
    if (!command.idempotencyKey) {
      if (command.replayOnly) throw PaymentErrors.tokenExpired();
      const started = await this.startSaga(command, answerBy);
      return this.awaitEnd(started.sagaId, answerBy, started.state);
    }
    return this.withIdempotencyKey(command, answerBy);
  }

  /** Waits (until answerBy, epoch ms) for the saga to end and returns its state then. */
  async awaitEnd(sagaId: string, answerBy: number, known: SagaState | null = null): Promise<SagaState> {
    const state = await this.watcher.wait(sagaId, answerBy, known, async () => (await this.sagas.head(sagaId))?.state ?? null);
    if (!state) throw PaymentErrors.paymentNotFound();
    return state;
  }

  private async withIdempotencyKey(command: StartPaymentCommand, answerBy: number): Promise<SagaState> {
    const key = `${command.userId}:${command.idempotencyKey}`;
    const requestHash = command.concertCode;
    const claim: IdempotencyRecord = { key, requestHash, createdAt: this.clock(), paymentId: null, answered: false, errorCode: null, errorKind: null };
    const result = command.replayOnly ? await this.keys.find(key).then((existing) => (existing ? { claimed: false as const, existing } : null)) : await this.keys.claim(claim);
    if (!result) throw PaymentErrors.tokenExpired();
    if (!result.claimed) {
      const first = result.existing;
      if (first.requestHash !== requestHash) throw PaymentErrors.keyReused();
      if (first.errorCode) throw new DomainError(first.errorCode, (first.errorKind ?? 'failed_precondition') as DomainError['kind']);
      const alive = this.clock().getTime() - first.createdAt.getTime() < CLAIM_LEASE_MS + MAX_WAIT_MS;
      if (first.answered && first.paymentId) return this.awaitEnd(first.paymentId, answerBy);
      if (alive) throw PaymentErrors.keyInUse();
      // The first request died before answering: answer from its saga, or run it again.
      if (first.paymentId) return this.awaitEnd(first.paymentId, answerBy);
      if (command.replayOnly) throw PaymentErrors.tokenExpired();
    }
    let started: { sagaId: string; state: SagaState };
    try {
      started = await this.startSaga(command, answerBy);
    } catch (error) {
      if (isDomainError(error) && isFinalAnswer(error)) await this.keys.update(key, { errorCode: error.code, errorKind: error.kind, answered: true });
      else await this.keys.release(key);
      throw error;
    }
    const { sagaId } = started;
    await this.keys.update(key, { paymentId: sagaId });
    const state = await this.awaitEnd(sagaId, answerBy, started.state);
    await this.keys.update(key, { answered: true });
    return state;
  }

  /** Returns the saga it started (its first state). */
  private async startSaga(command: StartPaymentCommand, answerBy: number): Promise<{ sagaId: string; state: SagaState }> {
    const hold = await this.concert.getActiveHold(command.concertCode, command.userId);
    if (hold.status !== 'HELD') throw PaymentErrors.inProgress();
    if (Date.parse(hold.expiresAt) <= this.clock().getTime()) throw PaymentErrors.holdExpired();

    // A second payment of this hold loses the insert of version 1 below (PAYMENT_IN_PROGRESS).
    const sagaId = sagaIdOfReservation(hold.reservationId);

    // Checked before anything changes, so a fan who cannot pay keeps the hold. The saga still copes
    // with a balance that drops between here and the debit (compensation).
    const balance = await this.wallet.getBalance(command.userId);
    if (balance < hold.price) throw PaymentErrors.insufficientBalance();

    const decision = startSaga(
      {
        sagaId,
        userId: command.userId,
        concertCode: command.concertCode,
        reservationId: hold.reservationId,
        tokenId: command.tokenId,
        amount: hold.price,
        concertDate: hold.concertDate,
        seatNumber: hold.seatNumber,
        requestId: currentCorrelation().requestId ?? '',
      },
      this.clock(),
      this.stepTimeoutMs,
    );
    if (command.deadlineAt - this.clock().getTime() < MIN_START_BUDGET_MS) throw PaymentErrors.tooLateToStart();
    const begun = this.orchestrator.begin(decision).then(
      () => 'stored' as const,
      (error: unknown) => {
        throw isDuplicateKey(error) ? PaymentErrors.inProgress() : error;
      },
    );
    // From here the payment may have started, so the answer is never an error caused by slowness:
    // an insert still unanswered at answerBy is answered PENDING (5-1 tells the rest).
    if ((await beforeDeadline(begun, answerBy, 'late' as const)) === 'late') begun.catch(() => undefined);
    return { sagaId, state: decision.state };
  }
}

