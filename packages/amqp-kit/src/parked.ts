import type { Channel, ChannelModel } from 'amqplib';
import { parkingQueueOf, type Topology } from './topology';

/** Deadline for one look at the broker: a wedged broker answers "unavailable", not never. */
const DEFAULT_TIMEOUT_MS = 3_000;

export class BrokerTimeout extends Error {
  constructor(what: string, ms: number) {
    super(`${what}: no answer from the broker within ${ms} ms`);
    this.name = 'BrokerTimeout';
  }
}

/** Rejects with BrokerTimeout when `work` has not settled within `ms`. */
export async function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new BrokerTimeout(what, ms)), ms);
        timer.unref();
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

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
