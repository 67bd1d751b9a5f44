import { Counter, Gauge, type Registry } from 'prom-client';

/** A message handler as amqp-kit's consumers call it (typed structurally so this package needs no amqp-kit). */
type Handler<E, C extends { attempt: number }> = (envelope: E, context: C) => Promise<void>;

/**
 * Counts each consumed queue's messages: handled (then acked), failed and to be tried again, and parked
 * by the consumer. The consumer parks what its handler declares malformed (throws a MalformedMessage)
 * and, on a queue without backoff, what failed its last attempt (`parksAtAttempt`); the saga's queues
 * back off instead, so they park nothing for failing. What the consumer parks before any handler runs
 * (undecodable messages, crash loops) is not counted here: the parking depth gauge shows it.
 */
export function amqpConsumerMetrics(registry: Registry) {
  const labelNames = ['queue'] as const;
  const consumed = new Counter({ name: 'amqp_messages_consumed_total', help: 'Messages handled and acked, by queue.', labelNames, registers: [registry] });
  const retried = new Counter({ name: 'amqp_messages_retried_total', help: 'Messages whose handler failed, to be tried again later, by queue.', labelNames, registers: [registry] });
  const parked = new Counter({ name: 'amqp_messages_parked_total', help: 'Messages whose handler failed and that were parked, by queue.', labelNames, registers: [registry] });

  return {
    /** Wraps a queue's handler (the name is the queue's, never anything from a message). */
    observe<E, C extends { attempt: number }>(queue: string, handler: Handler<E, C>, parksAtAttempt = Infinity): Handler<E, C> {
      for (const counter of [consumed, retried, parked]) counter.inc({ queue }, 0); // the series exist before the first message
      return async (envelope, context) => {
        try {
          await handler(envelope, context);
          consumed.inc({ queue });
        } catch (error) {
          const parks = (error as Error)?.name === 'MalformedMessage' || context.attempt >= parksAtAttempt;
          (parks ? parked : retried).inc({ queue });
          throw error;
        }
      };
    },
  };
}

/**
 * Messages waiting in parking queues, read from the broker at each scrape. Nothing drains a parking
 * queue but an operator, so any value above 0 needs one. When the broker does not answer, the last
 * value read stays. `only`: the parking queues this service reports (those of the queues it consumes;
 * every service's broker knows the whole topology, and one queue reported by three services would be
 * counted three times).
 */
export function parkedDepthGauge(registry: Registry, read: () => Promise<Record<string, number>>, only?: readonly string[]): void {
  new Gauge({
    name: 'amqp_parked_messages',
    help: 'Messages in a parking queue (poison messages waiting for an operator), by parking queue.',
    labelNames: ['queue'] as const,
    registers: [registry],
    async collect() {
      const counts = await read().catch(() => null);
      for (const [queue, count] of Object.entries(counts ?? {})) if (!only || only.includes(queue)) this.set({ queue }, count);
    },
  });
}
