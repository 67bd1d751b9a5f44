/** A counter shared by every gateway replica. */
export interface RateLimiterPort {
  /**
   * Counts one hit of each counter in its current window of `windowMs`, all in one step; not allowed
   * once any counter got more than its `limit` hits in that window, with the seconds until the latest
   * of the exceeded windows ends.
   */
  hitAll(counters: { key: string; limit: number }[], windowMs: number): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
}
