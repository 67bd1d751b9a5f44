import pino from 'pino';
import { serverUrl, startFaultProxy, uniqueName } from '@concert/testing';
import { REDIS_COMMAND_TIMEOUT_MS, RedisRateLimiter } from '../src/infrastructure/rate-limiter.redis';

// The join's rate limiter over a Redis that stops answering: every hit still ends within the command
// deadline, let through (fail open: a hung Redis must not take ticket sales down), and counts again
// once Redis answers.
describe('rate limiter with a hung Redis', () => {
  it('lets a hit through within its deadline while Redis is silent, and counts again after', async () => {
    const proxy = await startFaultProxy(await serverUrl('redis'), 6379);
    let letThrough = 0;
    const limiter = await RedisRateLimiter.connect(proxy.url, uniqueName('rl-hung'), pino({ level: 'silent' }), () => letThrough++);
    try {
      const counter = [{ key: 'fan', limit: 1 }];
      expect((await limiter.hitAll(counter, 60_000)).allowed).toBe(true);
      expect((await limiter.hitAll(counter, 60_000)).allowed).toBe(false);

      proxy.stall();
      const started = Date.now();
      const verdicts = await Promise.all(Array.from({ length: 20 }, () => limiter.hitAll(counter, 60_000)));
      expect(verdicts.every((v) => v.allowed)).toBe(true);
      expect(letThrough).toBe(20);
      expect(Date.now() - started).toBeLessThan(REDIS_COMMAND_TIMEOUT_MS + 1_500);

      proxy.resume();
      let counted = false;
      for (let i = 0; i < 50 && !counted; i++) counted = !(await limiter.hitAll(counter, 60_000)).allowed;
      expect(counted).toBe(true);
    } finally {
      limiter.close();
      await proxy.close();
    }
  }, 20_000);
});
