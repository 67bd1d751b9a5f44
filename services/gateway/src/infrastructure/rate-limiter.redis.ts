import { createClient, defineScript, type CommandParser } from 'redis';
import { withDeadline } from '@concert/errors';
import type { Logger } from '@concert/logger';
import type { RateLimiterPort } from '../application/rate-limiter.port';

/**
 * Fixed windows, every counter of a request in ONE script (one round trip, one script run for the
 * join's per-user and per-address counters, instead of two). For each key: the first hit starts the
 * window (PEXPIRE), later hits count in it; every replica shares the counts through Redis.
 * ARGV[1] window ms, ARGV[2..] the limits in key order → {blocked (0|1), longest ms left among the
 * blocked counters}.
 */
const HIT_ALL = defineScript({
  SCRIPT: `
local blocked, retry_ms = 0, 0
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  local ttl = redis.call('PTTL', key)
  if count == 1 or ttl < 0 then
    redis.call('PEXPIRE', key, ARGV[1])
    ttl = tonumber(ARGV[1])
  end
  if count > tonumber(ARGV[i + 1]) then
    blocked = 1
    retry_ms = math.max(retry_ms, ttl)
  end
end
return {blocked, retry_ms}
`,
  // No fixed NUMBER_OF_KEYS: the key count is pushed per call (pushKeysLength).
  parseCommand(parser: CommandParser, keys: string[], windowMs: number, limits: number[]) {
    parser.pushKeysLength(keys);
    parser.push(String(windowMs), ...limits.map(String));
  },
  transformReply: undefined as unknown as () => [number, number],
});

export const REDIS_COMMAND_TIMEOUT_MS = 2_000;

// How often, at most, a failing limiter says so: while Redis is away every join would otherwise log.
const WARN_EVERY_MS = 10_000;

export class RedisRateLimiter implements RateLimiterPort {
  private readonly redis;
  private lastWarnAt = -Infinity;
  private unloggedFailures = 0;

  private constructor(
    url: string,
    private readonly prefix: string,
    private readonly logger: Logger,
    private readonly onLetThrough: () => void,
  ) {
    // No offline queue: while Redis is away a hit fails at once (and is let through) instead of
    // waiting. A hung Redis is bounded by REDIS_COMMAND_TIMEOUT_MS per hit, generous because under a
    // burst replies queue up for a while and a timeout turns a slow count into a let-through one.
    this.redis = createClient({
      url,
      scripts: { rateLimitHitAll: HIT_ALL },
      disableOfflineQueue: true,
      socket: { noDelay: true, keepAlive: true, connectTimeout: 5_000 },
    });
    this.redis.on('error', (error: unknown) => this.warn(error, 'rate limiter redis error'));
  }

  /** `onLetThrough` counts each hit let through unchecked because Redis failed (for metrics). */
  static async connect(url: string, prefix: string, logger: Logger, onLetThrough: () => void = () => undefined): Promise<RedisRateLimiter> {
    const limiter = new RedisRateLimiter(url, prefix, logger, onLetThrough);
    await limiter.redis.connect();
    return limiter;
  }

  /**
   * Redis Cluster runs a script only when all its keys share a hash slot, so every counter of this
   * limiter carries the same hash tag: all of them live on one node. That is fine at one small script
   * per join; if it ever is not, give each counter its own slot and pipeline one script per key.
   */
  keyOf(key: string): string {
    return `${this.prefix}:{counters}:${key}`;
  }

  async hitAll(counters: { key: string; limit: number }[], windowMs: number) {
    try {
      const reply = await withDeadline(
        this.redis.rateLimitHitAll(
          counters.map((c) => this.keyOf(c.key)),
          windowMs,
          counters.map((c) => c.limit),
        ),
        REDIS_COMMAND_TIMEOUT_MS,
        'rate limiter',
      );
      const [blocked, retryMs] = reply.map(Number) as [number, number];
      return { allowed: blocked === 0, retryAfterSeconds: Math.max(1, Math.ceil(retryMs / 1_000)) };
    } catch (error) {
      // Fail open: an unreachable Redis must not take ticket sales down with it; the queue still orders fans.
      this.onLetThrough();
      this.warn(error, 'rate limiter unavailable; requests let through');
      return { allowed: true, retryAfterSeconds: 0 };
    }
  }

  close(): void {
    this.redis.destroy();
  }

  private warn(error: unknown, message: string): void {
    const now = Date.now();
    if (now - this.lastWarnAt < WARN_EVERY_MS) {
      this.unloggedFailures++;
      return;
    }
    this.logger.warn({ err: error, failuresSinceLastWarning: this.unloggedFailures }, message);
    this.lastWarnAt = now;
    this.unloggedFailures = 0;
  }
}
