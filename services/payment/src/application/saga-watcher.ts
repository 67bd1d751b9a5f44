import { EventEmitter } from 'node:events';
import type { SagaState } from '../domain/saga-state';

/**
 * Lets a StartPayment call wait for its saga's end. Steps stored by this process wake the waiter at
 * once; a step stored by another replica is seen by the slow poll.
 */
export class SagaWatcher {
  private readonly events = new EventEmitter();

  constructor(private readonly pollMs = 2_000) {
    this.events.setMaxListeners(0);
  }

  notify(state: SagaState): void {
    this.events.emit(state.sagaId, state);
  }

  /** Reads the state until it is final or `waitMs` is over; returns the last state read. */
  async wait(sagaId: string, waitMs: number, read: () => Promise<SagaState | null>): Promise<SagaState | null> {
    const until = Date.now() + waitMs;
    for (;;) {
      const state = await read();
      const remaining = until - Date.now();
      if (!state || state.status !== 'PENDING' || remaining <= 0) return state;
      // The final state itself, when this process stored it; otherwise read again after the poll.
      const notified = await new Promise<SagaState | null>((resolve) => {
        const done = (final: SagaState | null) => {
          clearTimeout(timer);
          this.events.off(sagaId, onStep);
          resolve(final);
        };
        const onStep = (next: SagaState) => {
          if (next.status !== 'PENDING') done(next);
        };
        const timer = setTimeout(() => done(null), Math.min(this.pollMs, remaining));
        this.events.on(sagaId, onStep);
      });
      if (notified) return notified;
      if (Date.now() >= until) return read();
    }
  }
}
