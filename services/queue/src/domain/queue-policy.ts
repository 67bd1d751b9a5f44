/**
 * The queue's tunables. Every replica must run with the same values: the admission script trusts
 * `maxActive` as given, so two replicas with different limits would admit up to the larger one.
 */
export interface QueuePolicy {
  maxActive: number;
  activeTtlMs: number;
  /** Grace a WAITING fan has beyond the poll interval it was told; see `pollDeadlineMs`. */
  abandonAfterMs: number;
  /** Admissions are counted over this sliding window to measure the admission rate. */
  rateWindowMs: number;
  /** Total polls per second that all WAITING fans of one concert may make together. */
  pollBudgetPerSecond: number;
  minPollSeconds: number;
  /**
   * The longest a token may stay WAITING; it then ends like an abandoned one. It bounds the token's
   * whole life (see tokenExpiresAtMs), which its signed `exp` must cover from the moment of the join.
   */
  maxWaitMs: number;
  /**
   * How long after its end (payment, expiry, leaving) a used-up token still reads its reservation and
   * payment (3-2, 5-1); the store keeps when each token ended for this long.
   */
  tokenGraceMs: number;
}

/**
 * The `exp` a token is signed with, from the moment it joined: the longest wait, then a full active
 * period, then the grace of the read routes. The state in Redis ends the token before that (a WAITING
 * token at issuedAt + maxWait, an ACTIVE one activeTtl after admission), so `exp` never cuts a live
 * token short. It is fixed at the join because the token is made then and a re-issue must answer the
 * same token, so it cannot know when the token will end: the grace after the actual end is kept by the
 * store (tokenGraceMs), and exp is the hard bound on top, which holds even if that state is lost.
 */
export function tokenExpiresAtMs(issuedAtMs: number, policy: Pick<QueuePolicy, 'maxWaitMs' | 'activeTtlMs' | 'tokenGraceMs'>): number {
  return issuedAtMs + policy.maxWaitMs + policy.activeTtlMs + policy.tokenGraceMs;
}

/**
 * How long a fan at `position` (1 = head) of a line of `waitingCount` should wait before polling again:
 *
 *   pollAfter(p) = max(minPoll, ceil(p · (1 + ln n) / B))
 *
 * Every fan polls at most 1/pollAfter(p) times per second, so the whole line makes at most
 *   Σ_{p=1..n} B / (p · (1 + ln n)) = B · H(n) / (1 + ln n) ≤ B   polls per second,
 * because the harmonic number H(n) ≤ 1 + ln n. The budget B holds however long the line gets; the head
 * polls every `minPoll` seconds, and a fan 100,000 places back (B = 200) every ~12.5 minutes.
 * The Lua scripts compute the same formula (they must, to set the abandonment deadline atomically);
 * this copy documents it and is what the unit test pins down.
 */
export function pollAfterSeconds(position: number, waitingCount: number, policy: Pick<QueuePolicy, 'pollBudgetPerSecond' | 'minPollSeconds'>): number {
  const n = Math.max(waitingCount, position, 1);
  return Math.max(policy.minPollSeconds, Math.ceil((position * (1 + Math.log(n))) / policy.pollBudgetPerSecond));
}

/**
 * When a WAITING fan who was just told `pollAfter` loses the place if it has not polled again. A fan
 * that obeys the server is never abandoned: the deadline is at least twice its poll interval, and at
 * least `abandonAfter` (the contract's 120 s) for the head of the line, where intervals are short.
 */
export function pollDeadlineMs(nowMs: number, pollAfter: number, abandonAfterMs: number): number {
  return nowMs + Math.max(abandonAfterMs, 2_000 * pollAfter);
}

/**
 * Seconds until a fan at `position` is admitted, from the admissions measured over the sliding window.
 * With nothing measured yet (a fresh queue, or slots held for the whole window) it falls back to the
 * steady state: every ACTIVE slot frees once per `activeTtl`.
 */
export function estimateWaitSeconds(position: number, admitsInWindow: number, policy: QueuePolicy): number {
  if (position <= 0) return 0;
  const perSecond =
    admitsInWindow > 0 ? admitsInWindow / (policy.rateWindowMs / 1_000) : policy.maxActive / (policy.activeTtlMs / 1_000);
  return Math.ceil(position / perSecond);
}
