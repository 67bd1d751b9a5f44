/**
 * In-process help for a hot seat; correctness never depends on it (that is the unique inserts).
 * Requests for one seat take turns in this process, so a rush does not send every fan's claim and
 * HELD insert to the store at once only for all but one to lose: the fans queued behind the winner
 * find the seat taken on the seat board and get their 409 without a store round trip.
 */
export class SeatGate {
  private readonly tails = new Map<string, Promise<unknown>>();

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
}
