import { Counter, Gauge, type Registry } from '@concert/metrics';
import type { QueueLoad, QueueStore } from '../application/queue.ports';

/**
 * The queue's length and admission rate per concert, as the admission loop's last tick saw them. A
 * concert's fans are counts here, never ids. Every replica reports the same Redis-wide numbers, so
 * dashboards take `max by (concert)`, not a sum.
 */
export function queueMetrics(registry: Registry, rateWindowMs: number) {
  const labelNames = ['concert'] as const;
  const waiting = new Gauge({ name: 'queue_waiting', help: 'Fans waiting in line, by concert.', labelNames, registers: [registry] });
  const active = new Gauge({ name: 'queue_active', help: 'Fans admitted and holding an ACTIVE token, by concert.', labelNames, registers: [registry] });
  const rate = new Gauge({
    name: 'queue_admission_rate',
    help: 'Measured admissions per second over the queue rate window (QUEUE_RATE_WINDOW_MS), by concert.',
    labelNames,
    registers: [registry],
  });
  const admitted = new Counter({
    name: 'queue_admitted_total',
    help: 'Fans admitted (ACTIVE), by concert; every replica counts all admissions, so take max by concert of its rate.',
    labelNames,
    registers: [registry],
  });
  // Frozen gauges above look like a quiet queue; this one tells a stopped admission loop apart.
  const lastTick = new Gauge({ name: 'queue_admission_tick_timestamp_seconds', help: 'When the admission loop last finished a tick (Unix seconds).', registers: [registry] });
  new Gauge({ name: 'queue_admission_rate_window_seconds', help: 'The window queue_admission_rate is measured over.', registers: [registry] }).set(rateWindowMs / 1000);

  const record = (loads: QueueLoad[]) => {
    lastTick.set(Date.now() / 1000);
    for (const load of loads) {
      const labels = { concert: load.concertCode };
      waiting.set(labels, load.waiting);
      active.set(labels, load.active);
      rate.set(labels, load.admitsInRateWindow / (rateWindowMs / 1000));
      admitted.inc(labels, load.admittedSinceLastStep);
    }
  };

  /** The store, its admission ticks recorded on the way through (every other method untouched). */
  const observing = (store: QueueStore): QueueStore => {
    const admitEverywhere = async () => {
      const loads = await store.admitEverywhere();
      record(loads);
      return loads;
    };
    return new Proxy(store, {
      get: (target, property, receiver) => (property === 'admitEverywhere' ? admitEverywhere : Reflect.get(target, property, receiver)),
    });
  };
  return { observing };
}
