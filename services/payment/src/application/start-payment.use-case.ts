import { DomainError, isDomainError } from '@concert/errors';
import { currentCorrelation } from '@concert/logger';
import { isDuplicateKey } from '@concert/stream-store';
import { PaymentErrors, isFinalAnswer } from '../domain/payment.errors';
import { sagaIdOfReservation, type SagaState } from '../domain/saga-state';
import { startSaga } from '../domain/saga-transitions';
import type { Clock, ConcertPort, IdempotencyRecord, IdempotencyStore, SagaStore, WalletPort } from './payment.ports';
import type { SagaOrchestrator } from './saga-orchestrator';
import type { SagaWatcher } from './saga-watcher';

export interface StartPaymentCommand {
  userId: string;
  concertCode: string;
  tokenId: string;
  idempotencyKey: string;
  waitMs: number;
  /** The caller's token is used up: answer only a repeat of an earlier request with this key. */
  replayOnly?: boolean;
}

/** How long an unanswered Idempotency-Key claim is presumed alive (beyond the request's own wait). */
const CLAIM_LEASE_MS = 15_000;
const MAX_WAIT_MS = 30_000;

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
    if (!command.idempotencyKey) {
      if (command.replayOnly) throw PaymentErrors.tokenExpired();
      return this.awaitEnd(await this.startSaga(command), waitMs);
    }
    return this.withIdempotencyKey(command, waitMs);
  }

  /** Waits (up to waitMs) for the saga to end and returns its state then. */
  async awaitEnd(sagaId: string, waitMs: number): Promise<SagaState> {
    const state = await this.watcher.wait(sagaId, waitMs, async () => (await this.sagas.head(sagaId))?.state ?? null);
    if (!state) throw PaymentErrors.paymentNotFound();
    return state;
  }

  private async withIdempotencyKey(command: StartPaymentCommand, waitMs: number): Promise<SagaState> {
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
      if (first.answered && first.paymentId) return this.awaitEnd(first.paymentId, waitMs);
      if (alive) throw PaymentErrors.keyInUse();
      // The first request died before answering: answer from its saga, or run it again.
      if (first.paymentId) return this.awaitEnd(first.paymentId, waitMs);
      if (command.replayOnly) throw PaymentErrors.tokenExpired();
    }
    let sagaId: string;
    try {
      sagaId = await this.startSaga(command);
    } catch (error) {
      if (isDomainError(error) && isFinalAnswer(error)) await this.keys.update(key, { errorCode: error.code, errorKind: error.kind, answered: true });
      else await this.keys.release(key);
      throw error;
    }
    await this.keys.update(key, { paymentId: sagaId });
    const state = await this.awaitEnd(sagaId, waitMs);
    await this.keys.update(key, { answered: true });
    return state;
  }

  /** Returns the id of the saga it started. */
  private async startSaga(command: StartPaymentCommand): Promise<string> {
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
    try {
      await this.orchestrator.begin(decision);
    } catch (error) {
      if (isDuplicateKey(error)) throw PaymentErrors.inProgress();
      throw error;
    }
    return sagaId;
  }
}
