import { createLogger } from '@concert/logger';
import { serverUrl } from '@concert/testing';
import type { QueuePolicy } from '../src/domain/queue-policy';
import { RedisQueueStore } from '../src/infrastructure/redis-queue.store';
import { newConcert, newPrefix, redisFor, userIds } from './queue-harness';

const policy: QueuePolicy = {
  maxActive: 2,
  activeTtlMs: 60_000,
  abandonAfterMs: 60_000,
  rateWindowMs: 300_000,
  pollBudgetPerSecond: 200,
  minPollSeconds: 1,
  maxWaitMs: 600_000,
  tokenGraceMs: 60_000,
};

// queue_admitted_total adds up what each admission step reports: every admission since the replica's
// previous step, whichever script made it (joins, leaves and polls admit too), each counted once.
describe('admissions counted between admission steps', () => {
  it('reports each admission once, by any script, from the replica’s first step on', async () => {
    const prefix = newPrefix();
    const concert = newConcert();
    const redis = await redisFor(prefix);
    const store = await RedisQueueStore.connect(await serverUrl('redis'), policy, prefix, createLogger('queue-test', 'silent'));
    const step = async () => (await store.admitEverywhere()).find((l) => l.concertCode === concert);
    // An admission in the very millisecond of a step is counted by the next one: add up two steps 2 ms apart.
    const counted = async () => {
      const first = await step();
      await new Promise((resolve) => setTimeout(resolve, 2));
      const second = await step();
      return { ...second, admittedSinceLastStep: (first?.admittedSinceLastStep ?? 0) + (second?.admittedSinceLastStep ?? 0) };
    };
    try {
      expect(await step()).toBeUndefined(); // the replica's first step: no queue yet
      const [a, b, c] = userIds(3) as [string, string, string];
      const first = await store.issue(concert, a, 'tk-a');
      await store.issue(concert, b, 'tk-b');
      await store.issue(concert, c, 'tk-c');
      expect(first.state.kind).toBe('ACTIVE');
      expect(await counted()).toMatchObject({ waiting: 1, active: 2, admittedSinceLastStep: 2, admitsInRateWindow: 2 });
      expect(await counted()).toMatchObject({ admittedSinceLastStep: 0 });

      expect(await store.end(concert, 'tk-a')).toBe('ended'); // frees a slot: the leave script admits c
      expect(await counted()).toMatchObject({ waiting: 0, active: 2, admittedSinceLastStep: 1, admitsInRateWindow: 3 });
      expect(await counted()).toMatchObject({ admittedSinceLastStep: 0 });
    } finally {
      await store.close();
      await redis.cleanup();
    }
  });
});
