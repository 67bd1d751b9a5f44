import { DomainError, isDomainError } from '@concert/errors';
import { currentCorrelation } from '@concert/logger';
import { isDuplicateKey } from '@concert/stream-store';
import { PaymentErrors, isFinalAnswer } from '../domain/payment.errors';
import { sagaIdOfReservation, type SagaState } from '../domain/saga-state';
import { startSaga, type SagaDecision } from '../domain/saga-transitions';
import { WriteOutcomeUnknown, type ActiveHold, type Clock, type ConcertPort, type IdempotencyRecord, type IdempotencyStore, type SagaStore, type WalletPort } from './payment.ports';
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

const MAX_WAIT_MS = 30_000;
/** The answer leaves this long before the caller's deadline (transit back to the gateway). */
export const ANSWER_MARGIN_MS = 300;
/**
 * A saga starts only with this much of the caller's budget left: enough for the saga's first insert
 * and an answer. With less, the answer is UNAVAILABLE and the payment certainly did not start.
 */
export const MIN_START_BUDGET_MS = 1_000;

/**
 * Refusals that say the fan has no payable hold of their own right now. For a key whose payment never
 * started (no saga), they mean that payment's hold is gone: answered SEAT_HOLD_EXPIRED, the same answer
 * as while the fan holds another seat (that payment's saga would be found under its hold's id).
 */
const HOLD_GONE = new Set(['RESERVATION_NOT_FOUND', 'SEAT_HOLD_EXPIRED', 'PAYMENT_IN_PROGRESS']);

interface Request extends StartPaymentCommand {
  /** When the answer must leave (epoch ms). */
  answerBy: number;
  /** `userId:Idempotency-Key`, or null without a key. */
  key: string | null;
}

/**
 * POST /payments. Checks what can be checked synchronously (a live hold, no payment already running,
 * a balance that covers the price — without touching the hold), then starts the saga and waits until
 * answerBy for its end. Everything after the start happens over the broker.
 *
 * Idempotency-Key: after those checks, ONE insert of {key, requestHash, paymentId} (or of the final
 * error) decides; a duplicate is a repeat, answered from the record. The saga id comes from the hold,
 * so it is known before the insert.
 */
export class StartPayment {
  /** Keys whose first request this process is still answering (a repeat gets IDEMPOTENCY_KEY_IN_USE). */
  private readonly running = new Set<string>();

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
    const key = command.idempotencyKey ? `${command.userId}:${command.idempotencyKey}` : null;
    const request: Request = { ...command, answerBy, key };
    if (!key) {
      if (command.replayOnly) throw PaymentErrors.tokenExpired();
      return this.start(request, await this.payableHold(request));
    }
    if (this.running.has(key)) throw PaymentErrors.keyInUse();
    this.running.add(key);
    try {
      return await this.withKey(request, key);
    } finally {
      this.running.delete(key);
    }
  }

  /** Waits (until answerBy, epoch ms) for the saga to end and returns its state then. */
  private async awaitEnd(sagaId: string, answerBy: number, known: SagaState | null): Promise<SagaState> {
    const state = await this.watcher.wait(sagaId, answerBy, known, async () => (await this.sagas.head(sagaId))?.state ?? null);
    if (!state) throw PaymentErrors.paymentNotFound();
    return state;
  }

  private async withKey(request: Request, key: string): Promise<SagaState> {
    if (request.replayOnly) {
      const first = await this.keys.find(key);
      if (!first) throw PaymentErrors.tokenExpired();
      return this.answerFrom(first, request, () => Promise.reject(PaymentErrors.tokenExpired()));
    }
    let hold: ActiveHold;
    try {
      hold = await this.payableHold(request);
    } catch (error) {
      if (!isDomainError(error) || !isFinalAnswer(error)) {
        // No answer to keep (an outage, a payment running), but a key that already started its
        // payment answers from it (its running saga is what makes the hold look busy).
        const first = await this.keys.find(key).catch(() => null);
        if (first) return this.answerFrom(first, request, () => Promise.reject(isDomainError(error) && HOLD_GONE.has(error.code) ? PaymentErrors.holdExpired() : error));
        throw error;
      }
      // A definite refusal is this key's answer — unless the key already has one.
      const stored = await this.keys.insert(this.record(request, key, { errorCode: error.code, errorKind: error.kind }));
      if (stored.inserted) throw error;
      return this.answerFrom(stored.existing, request, () => Promise.reject(HOLD_GONE.has(error.code) ? PaymentErrors.holdExpired() : error));
    }
    this.ensureBudget(request);
    const paymentId = sagaIdOfReservation(hold.reservationId);
    const stored = await this.keys.insert(this.record(request, key, { paymentId }));
    if (stored.inserted) return this.start(request, hold);
    // The key's payment has no saga: its first request died before inserting it (or is about to).
    // Only that payment may start under this key; the hold it was for is gone if the fan now holds
    // another seat (refused, not stored: should the first insert still land, the key answers from it).
    return this.answerFrom(stored.existing, request, () => (stored.existing.paymentId === paymentId ? this.start(request, hold) : Promise.reject(PaymentErrors.holdExpired())));
  }

  /**
   * A repeat: the first request's answer. A key whose payment has no saga yet belongs to a first
   * request that is about to insert it or died before (`noSaga` decides: start it now — the saga's
   * unique first insert settles any race — or refuse).
   */
  private async answerFrom(first: IdempotencyRecord, request: Request, noSaga: () => Promise<SagaState>): Promise<SagaState> {
    if (first.requestHash !== request.concertCode) throw PaymentErrors.keyReused();
    if (first.errorCode) throw new DomainError(first.errorCode, (first.errorKind ?? 'failed_precondition') as DomainError['kind']);
    const paymentId = first.paymentId ?? '';
    const head = paymentId ? await this.sagas.head(paymentId) : null;
    if (!head) return noSaga();
    // The first request lost the hold's saga to another payment: this key has no payment. The answer
    // follows that saga (stored nowhere): running → PAYMENT_IN_PROGRESS; ended → the hold this key
    // was for is gone, as for a key whose payment never started.
    if (head.state.requestKey !== request.key) throw head.state.status === 'PENDING' ? PaymentErrors.inProgress() : PaymentErrors.holdExpired();
    return this.awaitEnd(paymentId, request.answerBy, head.state);
  }

  /** A live hold of the caller that the balance covers; throws the contract's refusal otherwise. */
  private async payableHold(request: Request): Promise<ActiveHold> {
    const hold = await this.concert.getActiveHold(request.concertCode, request.userId);
    if (hold.status !== 'HELD') throw PaymentErrors.inProgress();
    if (Date.parse(hold.expiresAt) <= this.clock().getTime()) throw PaymentErrors.holdExpired();
    // Checked before anything changes, so a fan who cannot pay keeps the hold. The saga still copes
    // with a balance that drops between here and the debit (compensation).
    const balance = await this.wallet.getBalance(request.userId);
    if (balance < hold.price) throw PaymentErrors.insufficientBalance();
    return hold;
  }

  /** Too little of the caller's deadline left to start and still answer: the payment does not start. */
  private ensureBudget(request: Request): void {
    if (request.deadlineAt - this.clock().getTime() < MIN_START_BUDGET_MS) throw PaymentErrors.tooLateToStart();
  }

  /** Inserts the saga's first step and waits for its end (until answerBy). */
  private async start(request: Request, hold: ActiveHold): Promise<SagaState> {
    this.ensureBudget(request);
    // A second payment of this hold loses the insert of version 1 below (PAYMENT_IN_PROGRESS).
    const sagaId = sagaIdOfReservation(hold.reservationId);
    const decision = startSaga(
      {
        sagaId,
        userId: request.userId,
        concertCode: request.concertCode,
        reservationId: hold.reservationId,
        tokenId: request.tokenId,
        amount: hold.price,
        concertDate: hold.concertDate,
        seatNumber: hold.seatNumber,
        requestId: currentCorrelation().requestId ?? '',
        requestKey: request.key,
      },
      this.clock(),
      this.stepTimeoutMs,
    );
    const begun = this.insertFirstStep(decision, request);
    // From here the payment may have started, so slowness never yields an error: an insert still
    // unanswered at answerBy is answered PENDING with its paymentId (5-1 tells the rest).
    const state = await beforeDeadline(begun, request.answerBy, null);
    if (!state) {
      begun.catch(() => undefined);
      return decision.state;
    }
    return this.awaitEnd(sagaId, request.answerBy, state);
  }

  /**
   * Inserts version 1; resolves with the saga's state, or null when the insert may have landed but no
   * answer said so by answerBy (the payment may have started: PENDING). An insert without an answer
   * is inserted again — a duplicate key then tells that it (or a racing repeat of this request)
   * landed. A failure that certainly wrote nothing, at answerBy, is the error: the payment did not start.
   */
  private async insertFirstStep(decision: SagaDecision, request: Request): Promise<SagaState | null> {
    let mayHaveStarted = false;
    for (let attempt = 1; ; attempt++) {
      try {
        return (await this.orchestrator.begin(decision)).state;
      } catch (error) {
        if (isDuplicateKey(error)) return this.joinOwnSaga(decision.state, request);
        if (error instanceof WriteOutcomeUnknown) mayHaveStarted = true;
        const pause = Math.min(50 * 2 ** attempt, 1_000);
        if (this.clock().getTime() + pause >= request.answerBy) {
          if (mayHaveStarted) return null;
          throw error;
        }
        await new Promise((r) => setTimeout(r, pause));
      }
    }
  }

  /**
   * The hold's saga exists: this request's own insert that landed unanswered, or a racing repeat of
   * its key, is joined; anyone else's payment is PAYMENT_IN_PROGRESS.
   */
  private async joinOwnSaga(mine: SagaState, request: Request): Promise<SagaState> {
    const head = await this.sagas.head(mine.sagaId);
    const own = head && ((request.key !== null && head.state.requestKey === request.key) || (mine.requestId !== '' && head.state.requestId === mine.requestId));
    if (!own) throw PaymentErrors.inProgress();
    return head.state;
  }

  private record(request: Request, key: string, fields: Partial<IdempotencyRecord>): IdempotencyRecord {
    return { key, requestHash: request.concertCode, createdAt: this.clock(), paymentId: null, errorCode: null, errorKind: null, ...fields };
  }
}
