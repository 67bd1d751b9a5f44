import { Counter, Gauge, type Registry } from 'prom-client';

/** A message handler as amqp-kit's consumers call it (typed structurally so this package needs no amqp-kit). */
type Handler<E, C extends { attempt: number }> = (envelope: E, context: C) => Promise<void>;

/**
 * Counts each consumed queue's messages: handled (then acked), failed and sent to the retry queue, and
 * failed on their last attempt (parked). A message that cannot even be decoded is parked before any
 * handler runs: the parking depth gauge shows it, these counters do not.
 */
export function amqpConsumerMetrics(registry: Registry) {
  const labelNames = ['queue'] as const;
  const consumed = new Counter({ name: 'amqp_messages_consumed_total', help: 'Messages handled and acked, by queue.', labelNames, registers: [registry] });
  const retried = new Counter({ name: 'amqp_messages_retried_total', help: 'Messages whose handler failed and that wait in the retry queue, by queue.', labelNames, registers: [registry] });
  const parked = new Counter({ name: 'amqp_messages_parked_total', help: 'Messages that failed their last attempt and were parked, by queue.', labelNames, registers: [registry] });

  return {
    /** Wraps a queue's handler; `maxAttempts` is the topology's (the consumer parks at that attempt). */
    observe<E, C extends { attempt: number }>(queue: string, maxAttempts: number, handler: Handler<E, C>): Handler<E, C> {
      for (const counter of [consumed, retried, parked]) counter.inc({ queue }, 0); // the series exist before the first message
      return async (envelope, context) => {
        try {
          await handler(envelope, context);
          consumed.inc({ queue });
        } catch (error) {
          (context.attempt >= maxAttempts ? parked : retried).inc({ queue });
          throw error;
        }
      };
    },
  };
}

/**
 * Messages waiting in parking queues, read from the broker at each scrape. Nothing drains a parking
 * queue but an operator, so any value above 0 needs one. When the broker does not answer, the last
 * value read stays.
 */
export function parkedDepthGauge(registry: Registry, read: () => Promise<Record<string, number>>): void {
  new Gauge({
    name: 'amqp_parked_messages',
    help: 'Messages in a parking queue (poison messages waiting for an operator), by parking queue.',
    labelNames: ['queue'] as const,
    registers: [registry],
    async collect() {
      const counts = await read().catch(() => null);
      if (counts) for (const [queue, count] of Object.entries(counts)) this.set({ queue }, count);
    },
  });
}
