import { EventEmitter } from 'node:events';
import type { SagaState } from '../domain/saga-state';

/**
 * Lets a StartPayment call wait for its saga's end. Steps stored by this process wake the waiter at
 * once and cost no store read; only after `pollMs` without a step stored here (another replica may
 * be storing them) does the waiter read the head. Every wait ends by `until`, whatever the store does.
 */
export class SagaWatcher {
  private readonly events = new EventEmitter();

  constructor(private readonly pollMs = 2_000) {
    this.events.setMaxListeners(0);
  }

  notify(state: SagaState): void {
    this.events.emit(state.sagaId, state);
  }

  /**
   * Returns the saga's state once it is final, or the last state known at `until` (epoch ms).
   * `known` is a state this process just stored (no read needed to begin with).
   */
  async wait(sagaId: string, until: number, known: SagaState | null, read: () => Promise<SagaState | null>): Promise<SagaState | null> {
    let state = known ?? (await beforeDeadline(read(), until, null));
    while (state && state.status === 'PENDING' && Date.now() < until) {
      const next = await this.nextStep(sagaId, Math.min(this.pollMs, until - Date.now()));
      if (next) state = next;
      // A failed poll keeps the last known state: the saga has started, so the answer is PENDING, not an error.
      else if (Date.now() < until) state = (await beforeDeadline(read().catch(() => null), until, null)) ?? state;
    }
    return state;
  }

  /** The next state this process stores for the saga, or null after `ms` without one. */
  private nextStep(sagaId: string, ms: number): Promise<SagaState | null> {
    return new Promise((resolve) => {
      const done = (state: SagaState | null) => {
        clearTimeout(timer);
        this.events.off(sagaId, done);
        resolve(state);
      };
      const timer = setTimeout(() => done(null), Math.max(0, ms));
      this.events.on(sagaId, done);
    });
  }
}

/** The promise's value, or `fallback` when it has not settled by `until` (the caller must answer). */
export function beforeDeadline<T, F>(promise: Promise<T>, until: number, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<F>((resolve) => (timer = setTimeout(() => resolve(fallback), Math.max(0, until - Date.now()))));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
