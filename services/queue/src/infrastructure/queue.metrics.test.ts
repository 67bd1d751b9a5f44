import { createMetricsRegistry } from '@concert/metrics';
import type { QueueLoad, QueueStore } from '../application/queue.ports';
import { queueMetrics } from './queue.metrics';

class FakeStore {
  loads: QueueLoad[] = [];
  ends: string[] = [];
  async admitEverywhere(): Promise<QueueLoad[]> {
    return this.loads;
  }
  // A method that needs `this`: the observed store must call it on the real store.
  async end(concertCode: string, tokenId: string): Promise<boolean> {
    this.ends.push(`${concertCode}/${tokenId}`);
    return true;
  }
}

const line = async (registry: ReturnType<typeof createMetricsRegistry>, name: string, concert: string) =>
  (await registry.getSingleMetric(name)!.get()).values.find((v) => v.labels.concert === concert)?.value;

describe('queue metrics', () => {
  it('records each admission tick: waiting, active, admissions (counted, and per second over the rate window), per concert', async () => {
    const registry = createMetricsRegistry('queue');
    const fake = new FakeStore();
    const store = queueMetrics(registry, 300_000).observing(fake as unknown as QueueStore);

    fake.loads = [
      { concertCode: 'IU-2026', waiting: 120, active: 100, admitsInRateWindow: 600, admittedSinceLastStep: 40 },
      { concertCode: 'NEWJEANS-2026', waiting: 0, active: 3, admitsInRateWindow: 3, admittedSinceLastStep: 0 },
    ];
    const before = Date.now() / 1000;
    expect(await store.admitEverywhere()).toBe(fake.loads);
    expect(await line(registry, 'queue_waiting', 'IU-2026')).toBe(120);
    expect(await line(registry, 'queue_active', 'IU-2026')).toBe(100);
    expect(await line(registry, 'queue_admission_rate', 'IU-2026')).toBe(2);
    expect(await line(registry, 'queue_admission_rate', 'NEWJEANS-2026')).toBe(0.01);
    const [tick] = (await registry.getSingleMetric('queue_admission_tick_timestamp_seconds')!.get()).values;
    expect(tick!.value).toBeGreaterThanOrEqual(before);

    fake.loads = [{ concertCode: 'IU-2026', waiting: 0, active: 0, admitsInRateWindow: 0, admittedSinceLastStep: 2 }];
    await store.admitEverywhere();
    expect(await line(registry, 'queue_waiting', 'IU-2026')).toBe(0);
    expect(await line(registry, 'queue_admitted_total', 'IU-2026')).toBe(42);
    expect(await line(registry, 'queue_admitted_total', 'NEWJEANS-2026')).toBe(0);

    await expect(store.end('IU-2026', 'tk-1')).resolves.toBe(true);
    expect(fake.ends).toEqual(['IU-2026/tk-1']);
  });
});
