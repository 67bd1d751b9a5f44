import { createClient, defineScript, type CommandParser } from 'redis';
import type { Logger } from '@concert/logger';
import type { RateLimiterPort } from '../application/rate-limiter.port';

/**
 * Fixed window per key, one atomic script: the first hit starts the window (PEXPIRE), later hits
 * count in it; every replica shares the count through Redis. Returns {count, ms left in the window}.
 */
const HIT = defineScript({
  SCRIPT: `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if count == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`,
  NUMBER_OF_KEYS: 1,
  parseCommand(parser: CommandParser, key: string, windowMs: number) {
    parser.pushKey(key);
    parser.push(String(windowMs));
  },
  transformReply: undefined as unknown as () => [number, number],
});

export class RedisRateLimiter implements RateLimiterPort {
  private readonly redis;

  private constructor(
    url: string,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {
    // No offline queue: while Redis is away a hit fails at once (and is let through) instead of waiting.
    this.redis = createClient({ url, scripts: { rateLimitHit: HIT }, disableOfflineQueue: true });
    this.redis.on('error', (error: unknown) => logger.warn({ err: error }, 'rate limiter redis error'));
  }

  static async connect(url: string, prefix: string, logger: Logger): Promise<RedisRateLimiter> {
    const limiter = new RedisRateLimiter(url, prefix, logger);
    await limiter.redis.connect();
    return limiter;
  }

  async hit(key: string, limit: number, windowMs: number) {
    try {
      const [count, ttl] = (await this.redis.rateLimitHit(`${this.prefix}:${key}`, windowMs)).map(Number) as [number, number];
      return { allowed: count <= limit, retryAfterSeconds: Math.max(1, Math.ceil(ttl / 1_000)) };
    } catch (error) {
      // Fail open: an unreachable Redis must not take ticket sales down with it; the queue still orders fans.
      this.logger.warn({ err: error }, 'rate limiter unavailable; request let through');
      return { allowed: true, retryAfterSeconds: 0 };
    }
  }

  close(): void {
    this.redis.destroy();
  }
}
