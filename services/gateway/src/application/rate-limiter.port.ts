/** A counter shared by every gateway replica. */
export interface RateLimiterPort {
  /**
   * Counts one hit of `key` in its current window of `windowMs`; not allowed once more than `limit`
   * hits fell in that window, with the seconds until it ends.
   */
  hit(key: string, limit: number, windowMs: number): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
}
