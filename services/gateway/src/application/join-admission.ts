/**
 * Keeps a join burst from swamping this gateway: at most `maxInFlight` joins are worked on at once;
 * a join beyond that is turned away at once (429 with Retry-After) instead of queueing until every
 * caller's deadline has passed. Retry-After spreads the turned-away fans over the time this gateway
 * needs to take them in: the demand seen recently over the rate joins complete, with jitter, so a
 * burst of 10,000 comes back at the pace it can be served rather than all at once again.
 */
export class JoinAdmission {
  private inFlight = 0;
  /** Joins turned away, decaying with a half-life of a few seconds: the demand still waiting. */
  private waiting = 0;
  /** Completed joins per second, smoothed; until measured, assume a join takes a second. */
  private rate: number;
  private lastDecayMs: number;

  constructor(
    private readonly maxInFlight: number,
    private readonly now: () => number = Date.now,
    private readonly random: () => number = Math.random,
  ) {
    this.rate = maxInFlight;
    this.lastDecayMs = now();
  }

  /** A slot, or the seconds to wait before trying again. */
  tryEnter(): { admitted: true; leave: () => void } | { admitted: false; retryAfterSeconds: number } {
    this.decay();
    if (this.inFlight < this.maxInFlight) {
      this.inFlight++;
      let left = false;
      return {
        admitted: true,
        leave: () => {
          if (left) return;
          left = true;
          this.inFlight--;
          this.rate += 1 - RATE_KEEP;
        },
      };
    }
    return { admitted: false, retryAfterSeconds: this.retryAfterSeconds() };
  }

  /** Counts one more fan sent away and says when to come back: the waiting demand over the join rate. */
  retryAfterSeconds(): number {
    this.decay();
    this.waiting++;
    const perSecond = Math.max(this.rate, 1);
    const seconds = (this.waiting / perSecond) * (0.5 + this.random());
    return Math.min(MAX_RETRY_AFTER_S, Math.max(1, Math.ceil(seconds)));
  }

  private decay(): void {
    const now = this.now();
    const elapsedS = (now - this.lastDecayMs) / 1_000;
    if (elapsedS < 0.1) return;
    this.lastDecayMs = now;
    this.waiting *= Math.pow(0.5, elapsedS / WAITING_HALF_LIFE_S);
    this.rate *= Math.pow(RATE_KEEP, elapsedS);
  }
}

const MAX_RETRY_AFTER_S = 60;
const WAITING_HALF_LIFE_S = 5;
/** Each completion adds (1 - RATE_KEEP) and the sum keeps RATE_KEEP per second: ≈ completions per second. */
const RATE_KEEP = 0.5;
