import type { Channel } from 'amqplib';

export interface ExchangeSpec {
  name: string;
  type: 'topic' | 'direct' | 'fanout';
}

export interface BindingSpec {
  exchange: string;
  routingKey: string;
}

export interface QueueSpec {
  name: string;
  bindings: BindingSpec[];
  /**
   * Never park a message of this queue for failing: after `maxAttempts` quick retries it waits
   * ever longer (doubling from 2 × retryDelayMs, capped here) and is tried again, for as long as it
   * takes. For messages whose loss costs more than their retries (saga replies and commands: a
   * parked reply strands its saga). Malformed messages and consumer crash loops are parked still.
   */
  backoffMaxDelayMs?: number;
}

/**
 * Everything a service needs to exist on the broker. Each queue gets a retry queue (`<q>.retry`, a
 * TTL queue that dead-letters back to `<q>`) and a parking queue (`<q>.parking`) for messages that
 * failed `maxAttempts` times: a failing message waits between attempts and ends up where an operator
 * can look at it, instead of spinning in a requeue loop.
 */
export interface Topology {
  exchanges: ExchangeSpec[];
  queues: QueueSpec[];
  /** A rejected message goes here, routed by its queue's name to `<q>.retry`. */
  deadLetterExchange: string;
  /** An expired retry goes here, routed by its queue's name back to `<q>`. */
  retryReturnExchange: string;
  /** Poison messages, routed by queue name to `<q>.parking`. */
  parkingExchange: string;
  retryDelayMs: number;
  maxAttempts: number;
  /**
   * Quorum-queue redeliveries (e.g. consumers crashing mid-message) before the broker dead-letters
   * it; the consumer parks a message that comes back so (x-death reason `delivery_limit`) unread.
   */
  deliveryLimit: number;
}

export const retryQueueOf = (queue: string): string => `${queue}.retry`;

/**
 * The delay queues of a backoff queue, shortest first. One TTL per queue keeps each FIFO in expiry
 * order (a per-message TTL only expires at the head, so a long delay would hold up short ones).
 */
export function backoffQueuesOf(topology: Pick<Topology, 'retryDelayMs'>, queue: QueueSpec): { name: string; delayMs: number }[] {
  const max = queue.backoffMaxDelayMs;
  if (!max) return [];
  const delays: number[] = [];
  for (let delay = topology.retryDelayMs * 2; delay < max; delay *= 2) delays.push(delay);
  delays.push(max);
  return delays.map((delayMs) => ({ name: `${queue.name}.backoff-${delayMs}ms`, delayMs }));
}
export const parkingQueueOf = (queue: string): string => `${queue}.parking`;

/** Infrastructure exchanges and queue options shared by every topology of a namespace. */
export function deadLetterNames(namespace: string): Pick<Topology, 'deadLetterExchange' | 'retryReturnExchange' | 'parkingExchange'> {
  return {
    deadLetterExchange: `${namespace}.dlx`,
    retryReturnExchange: `${namespace}.retry-return`,
    parkingExchange: `${namespace}.parking`,
  };
}

// Quorum queues replicate and survive broker restarts; "at-least-once" dead-lettering (which needs
// reject-publish overflow) keeps a message until the retry or parking queue has confirmed it.
const quorum = (extra: Record<string, unknown>) => ({
  durable: true,
  arguments: {
    'x-queue-type': 'quorum',
    'x-overflow': 'reject-publish',
    'x-dead-letter-strategy': 'at-least-once',
    ...extra,
  },
});

/** Idempotent: declaring an existing topology again is a no-op, so every (re)connect runs it. */
export async function declareTopology(channel: Channel, topology: Topology): Promise<void> {
  for (const exchange of topology.exchanges) {
    await channel.assertExchange(exchange.name, exchange.type, { durable: true });
  }
  for (const name of [topology.deadLetterExchange, topology.retryReturnExchange, topology.parkingExchange]) {
    await channel.assertExchange(name, 'direct', { durable: true });
  }
  for (const queue of topology.queues) {
    await channel.assertQueue(
      queue.name,
      quorum({
        'x-dead-letter-exchange': topology.deadLetterExchange,
        'x-dead-letter-routing-key': queue.name,
        'x-delivery-limit': topology.deliveryLimit,
      }),
    );
    for (const binding of queue.bindings) await channel.bindQueue(queue.name, binding.exchange, binding.routingKey);
    await channel.bindQueue(queue.name, topology.retryReturnExchange, queue.name);

    const retry = retryQueueOf(queue.name);
    await channel.assertQueue(
      retry,
      quorum({
        'x-message-ttl': topology.retryDelayMs,
        'x-dead-letter-exchange': topology.retryReturnExchange,
        'x-dead-letter-routing-key': queue.name,
      }),
    );
    await channel.bindQueue(retry, topology.deadLetterExchange, queue.name);

    // Filled by the consumer (published straight to the queue by name); each expiry returns to `Q`.
    for (const backoff of backoffQueuesOf(topology, queue)) {
      await channel.assertQueue(
        backoff.name,
        quorum({
          'x-message-ttl': backoff.delayMs,
          'x-dead-letter-exchange': topology.retryReturnExchange,
          'x-dead-letter-routing-key': queue.name,
        }),
      );
    }

    const parking = parkingQueueOf(queue.name);
    await channel.assertQueue(parking, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    await channel.bindQueue(parking, topology.parkingExchange, queue.name);
  }
}

/** Removes a topology (tests clean up after themselves with it). */
export async function deleteTopology(channel: Channel, topology: Topology): Promise<void> {
  for (const queue of topology.queues) {
    const names = [queue.name, retryQueueOf(queue.name), parkingQueueOf(queue.name), ...backoffQueuesOf(topology, queue).map((b) => b.name)];
    for (const name of names) await channel.deleteQueue(name);
  }
  const exchanges = [...topology.exchanges.map((e) => e.name), topology.deadLetterExchange, topology.retryReturnExchange, topology.parkingExchange];
  for (const name of exchanges) await channel.deleteExchange(name);
}

/** Messages waiting in each queue's retry, backoff and parking queues (benchmarks and tests report them). */
export async function deadLetterCounts(channel: Channel, topology: Topology): Promise<{ queue: string; retry: number; backoff: number; parked: number }[]> {
  const counts = [];
  for (const queue of topology.queues) {
    const retry = await channel.checkQueue(retryQueueOf(queue.name));
    const parked = await channel.checkQueue(parkingQueueOf(queue.name));
    let backoff = 0;
    for (const tier of backoffQueuesOf(topology, queue)) backoff += (await channel.checkQueue(tier.name)).messageCount;
    counts.push({ queue: queue.name, retry: retry.messageCount, backoff, parked: parked.messageCount });
  }
  return counts;
}
