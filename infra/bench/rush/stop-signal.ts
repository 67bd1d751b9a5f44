/** One switch that ends the rush: sleeps wake up early and requests in flight are aborted. */
export class StopSignal {
  stopped = false;
  private readonly waiters = new Set<() => void>();
  private readonly inFlight = new Set<AbortController>();

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const wake of this.waiters) wake();
    this.waiters.clear();
    for (const controller of this.inFlight) controller.abort(new Error('rush stopped'));
  }

  /** Resolves after ms, or at once when stopped; true when the sleep was not cut short. */
  sleep(ms: number): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false);
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve(false);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        resolve(true);
      }, ms);
      this.waiters.add(wake);
    });
  }

  track(controller: AbortController): () => void {
    this.inFlight.add(controller);
    return () => this.inFlight.delete(controller);
  }
}
