/**
 * In-process help for a hot seat; correctness never depends on it (that is the unique inserts).
 * - Requests for one seat take turns in this process, so a rush does not send every fan's claim and
 *   HELD insert to the store at once only for all but one to lose.
 * - A seat this process just saw taken is remembered briefly: the fans queued behind the winner get
 *   their 409 without a store round trip. The memory ends at the hold's expiry and after at most
 *   `rememberMs`, so a seat freed elsewhere (a release in another replica) is offered again soon.
 */
export interface KnownTaken {
  state: 'HELD' | 'SOLD';
  userId: string;
  until: number;
}

export class SeatGate {
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly taken = new Map<string, KnownTaken>();

  constructor(private readonly rememberMs = 1_000) {}

  /** Runs `fn` after every earlier call for the same seat has settled. */
  run<T>(seatId: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(seatId) ?? Promise.resolve();
    const result = previous.then(fn, fn);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(seatId, tail);
    void tail.then(() => {
      if (this.tails.get(seatId) === tail) this.tails.delete(seatId);
    });
    return result;
  }

  known(seatId: string, nowMs: number): KnownTaken | undefined {
    const entry = this.taken.get(seatId);
    if (entry && entry.until > nowMs) return entry;
    if (entry) this.taken.delete(seatId);
    return undefined;
  }

  remember(seatId: string, state: KnownTaken['state'], userId: string, expiresAtMs: number, nowMs: number): void {
    this.taken.set(seatId, { state, userId, until: Math.min(expiresAtMs, nowMs + this.rememberMs) });
  }

  forget(seatId: string): void {
    this.taken.delete(seatId);
  }
}
