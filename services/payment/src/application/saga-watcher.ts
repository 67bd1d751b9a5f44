import { EventEmitter } from 'node:events';
import type { SagaState } from '../domain/saga-state';

/**
 * Lets a StartPayment call wait for its saga's end. Steps stored by this process wake the waiter at
 * once; a step stored by another replica is seen by the slow poll.
 */
export class SagaWatcher {
  private readonly events = new EventEmitter();

  constructor(private readonly pollMs = 500) {
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
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.events.off(sagaId, onStep);
          resolve();
        };
        const onStep = (next: SagaState) => {
          if (next.status !== 'PENDING') done();
        };
        const timer = setTimeout(done, Math.min(this.pollMs, remaining));
        this.events.on(sagaId, onStep);
      });
    }
  }
}
