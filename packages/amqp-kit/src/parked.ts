import type { Channel, ChannelModel, ConfirmChannel, GetMessage } from 'amqplib';
import { withDeadline } from '@concert/errors';
import { HEADERS } from './envelope';
import { parkingQueueOf, type Topology } from './topology';

/** Deadline for one look at the broker: a wedged broker answers "unavailable", not never. */
const DEFAULT_TIMEOUT_MS = 3_000;

/**
 * Messages waiting in each parking queue of the topology, keyed by the parking queue's name.
 * checkQueue on a queue that does not exist closes its channel (404), so every look runs on a
 * throwaway channel of its own and a missing queue counts 0 instead of killing anything shared.
 */
export async function parkedCounts(model: ChannelModel, topology: Topology, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  await withDeadline(
    (async () => {
      let channel: Channel | null = null;
      try {
        for (const queue of topology.queues) {
          const parking = parkingQueueOf(queue.name);
          channel ??= await openQuiet(model);
          try {
            counts[parking] = (await channel.checkQueue(parking)).messageCount;
          } catch (error) {
            if (!isNotFound(error)) throw error;
            counts[parking] = 0;
            channel = null; // the 404 closed it
          }
        }
      } finally {
        await channel?.close().catch(() => undefined);
      }
    })(),
    timeoutMs,
    'parked counts',
  );
  return counts;
}

/** A channel whose errors (e.g. the 404 of a missing queue) are answered by the call, not thrown at the process. */
export async function openQuiet(model: ChannelModel): Promise<Channel> {
  const channel = await model.createChannel();
  channel.on('error', () => undefined);
  return channel;
}

export const isNotFound = (error: unknown): boolean => (error as { code?: number })?.code === 404 || /NOT_FOUND/.test(String((error as Error)?.message));

export interface ParkedMessage {
  parkingQueue: string;
  /** The queue it was parked from, where a replay sends it. */
  from: string;
  messageId: string;
  type: string;
  sagaId: string;
  reason: string;
}

const describe = (parkingQueue: string, message: GetMessage): ParkedMessage => {
  const headers = message.properties.headers ?? {};
  return {
    parkingQueue,
    from: String(headers[HEADERS.parkedFrom] ?? ''),
    messageId: String(message.properties.messageId ?? ''),
    type: String(message.properties.type ?? ''),
    sagaId: String(headers[HEADERS.sagaId] ?? ''),
    reason: String(headers[HEADERS.parkedReason] ?? ''),
  };
};

/**
 * Up to `limit` messages of each parking queue, left where they are: they are taken unacked and
 * handed back when the channel closes.
 */
export async function peekParked(model: ChannelModel, topology: Topology, limit = 20): Promise<ParkedMessage[]> {
  const found: ParkedMessage[] = [];
  for (const queue of topology.queues) {
    const parking = parkingQueueOf(queue.name);
    const channel = await openQuiet(model);
    try {
      for (let i = 0; i < limit; i++) {
        const message = await withDeadline(channel.get(parking, { noAck: false }), DEFAULT_TIMEOUT_MS, `get ${parking}`);
        if (!message) break;
        found.push(describe(parking, message));
      }
    } catch (error) {
      if (!isNotFound(error)) throw error;
    } finally {
      await channel.close().catch(() => undefined);
    }
  }
  return found;
}

/** Headers a replayed message must not carry: it starts over as if just published. */
const SPENT_HEADERS = ['x-death', 'x-first-death-exchange', 'x-first-death-queue', 'x-first-death-reason', 'x-delivery-count', HEADERS.failedAttempts, HEADERS.parkedReason, HEADERS.parkedFrom];

/**
 * Moves every message parked at the start of the call back into the queue it was parked from,
 * through the retry-return exchange (which routes by queue name to that queue only, not to every
 * queue bound to the message's type), keeping its messageId, type and saga headers. Each one is
 * acked in its parking queue only after the broker confirmed the copy, so a crash mid-way leaves a
 * message in both places at worst; the consumers dedupe by messageId / command id, and a second
 * run finds only what was parked again since.
 */
export async function replayParked(
  model: ChannelModel,
  topology: Topology,
  options: { queue?: string; timeoutMs?: number } = {},
): Promise<ParkedMessage[]> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const replayed: ParkedMessage[] = [];
  for (const queue of topology.queues) {
    if (options.queue && options.queue !== queue.name) continue;
    const parking = parkingQueueOf(queue.name);
    const channel: ConfirmChannel = await model.createConfirmChannel();
    channel.on('error', () => undefined);
    let returned = false;
    channel.on('return', () => (returned = true));
    try {
      // Only what is there now: a message that fails again and is parked during the run waits for the next one.
      let remaining = (await withDeadline(channel.checkQueue(parking), timeoutMs, `check ${parking}`)).messageCount;
      while (remaining-- > 0) {
        const message = await withDeadline(channel.get(parking, { noAck: false }), timeoutMs, `get ${parking}`);
        if (!message) break;
        const parked = describe(parking, message);
        const headers: Record<string, unknown> = { ...message.properties.headers, 'x-replayed-at': new Date().toISOString() };
        for (const name of SPENT_HEADERS) delete headers[name];
        channel.publish(topology.retryReturnExchange, parked.from || queue.name, message.content, {
          ...message.properties,
          headers,
          persistent: true,
          mandatory: true,
        });
        await withDeadline(channel.waitForConfirms(), timeoutMs, `confirm of ${parked.messageId}`);
        // basic.return comes before the confirm: no queue took it (its queue is gone), so it stays parked.
        if (returned) throw new Error(`${parked.messageId}: no queue ${parked.from} to replay it to; left parked`);
        channel.ack(message);
        replayed.push(parked);
      }
    } catch (error) {
      if (!isNotFound(error)) throw error;
    } finally {
      await channel.close().catch(() => undefined);
    }
  }
  return replayed;
}
