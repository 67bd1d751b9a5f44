import { serverUrl, startFaultProxy } from '@concert/testing';
import { REDIS_COMMAND_TIMEOUT_MS } from '../src/infrastructure/redis-queue.store';
import { bootQueue, codeOf, newConcert, newPrefix, redisFor, userIds } from './queue-harness';

// The queue over a Redis that stops answering (a proxy that holds every byte): a call gives up within
// the store's deadline with a retryable SERVICE_UNAVAILABLE — not an INTERNAL error, not a hang — and
// the service works again once Redis answers.
describe('queue store deadline', () => {
  it('answers SERVICE_UNAVAILABLE within the deadline while Redis is silent, and serves again after', async () => {
    const prefix = newPrefix();
    const proxy = await startFaultProxy(await serverUrl('redis'), 6379);
    const queue = await bootQueue({ REDIS_URL: proxy.url, QUEUE_KEY_PREFIX: prefix, CONCERT_GRPC_ADDR: '127.0.0.1:1' });
    const redis = await redisFor(prefix);
    try {
      const concert = newConcert();
      const [fan, late] = userIds(2);
      const { token } = await queue.issue(concert, fan!);

      proxy.stall();
      const started = Date.now();
      const codes = await Promise.all([codeOf(queue.status(concert, token)), codeOf(queue.issue(concert, late!))]);
      expect(codes).toEqual(['SERVICE_UNAVAILABLE', 'SERVICE_UNAVAILABLE']);
      expect(Date.now() - started).toBeLessThan(REDIS_COMMAND_TIMEOUT_MS + 2_000);

      proxy.resume();
      expect((await queue.status(concert, token)).status).toMatch(/ACTIVE|WAITING/);
    } finally {
      await queue.stop();
      await proxy.close();
      await redis.cleanup();
    }
  }, 30_000);
});
