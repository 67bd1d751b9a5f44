import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { withCorrelation, type Logger } from '@concert/logger';
import { HEADERS, MalformedMessage, crashLoops, decodeMessage, deliveryCount, failedAttempts, type MessageEnvelope } from './envelope';
import { backoffQueuesOf, type Topology } from './topology';

export interface DeliveryContext {
  /** 1 on the first delivery, +1 after each failed attempt (counted by the broker in x-death). */
  attempt: number;
  redelivered: boolean;
}

/** Resolves once the message's effect is stored (then it is acked); throws to have it retried later. */
export type MessageHandler = (envelope: MessageEnvelope, context: DeliveryContext) => Promise<void>;

export interface ConsumerSpec {
  queue: string;
  handler: MessageHandler;
  prefetch: number;
}

/** Moves a message elsewhere, resolving once the broker confirmed the copy (then the original is acked). */
export interface Parker {
  park(queue: string, message: ConsumeMessage, reason: string): Promise<void>;
  /** Into a backoff queue, straight by its name, carrying how often it failed so far. */
  delay(backoffQueue: string, message: ConsumeMessage, failedAttempts: number): Promise<void>;
}

/**
 * Consumes one queue on its own channel. Acks only after the handler resolved. A failing message is
 * rejected without requeue, so the broker dead-letters it into the queue's TTL retry queue, which
 * sends it back after the delay; after `maxAttempts` it is moved to the parking queue instead — or,
 * for a queue with backoff, round ever longer delays. A malformed message (or one the handler
 * declares so by throwing MalformedMessage) is parked at once, and so is one delivered
 * `deliveryLimit` times without an ack (it crashed every consumer that took it), unread.
 */
export class QueueConsumer {
  private channel: Channel | null = null;
  private starting = false;
  private inFlight = 0;
  private idle: (() => void) | null = null;
  private readonly backoff: { name: string; delayMs: number }[];

  constructor(
    private readonly spec: ConsumerSpec,
    private readonly topology: Topology,
    private readonly parker: Parker,
    private readonly logger: Logger,
  ) {
    const queueSpec = topology.queues.find((q) => q.name === spec.queue);
    this.backoff = queueSpec ? backoffQueuesOf(topology, queueSpec) : [];
  }

  /** Opens the channel and subscribes; a no-op while already consuming (reconnect and restart may race). */
  async start(model: ChannelModel, onLost: () => void): Promise<void> {
    if (this.channel || this.starting) return;
    this.starting = true;
    try {
      await this.subscribe(model, onLost);
    } finally {
      this.starting = false;
    }
  }

  private async subscribe(model: ChannelModel, onLost: () => void): Promise<void> {
    const channel = await model.createChannel();
    channel.on('error', (error: Error) => this.logger.warn({ err: error, queue: this.spec.queue }, 'consumer channel error'));
    channel.on('close', () => {
      if (this.channel === channel) {
        this.channel = null;
        onLost();
      }
    });
    await channel.prefetch(this.spec.prefetch);
    this.channel = channel;
    await channel.consume(this.spec.queue, (message) => {
      if (message) void this.deliver(channel, message);
      else onLost(); // the broker cancelled us (queue deleted): start over later
    });
  }

  /** Stops taking messages and waits (up to graceMs) for those being handled. */
  async stop(graceMs: number): Promise<void> {
    const channel = this.channel;
    this.channel = null;
    if (this.inFlight > 0) {
      await new Promise<void>((resolve) => {
        this.idle = resolve;
        setTimeout(resolve, graceMs).unref();
      });
    }
    await channel?.close().catch(() => undefined);
  }

  private async deliver(channel: Channel, message: ConsumeMessage): Promise<void> {
    this.inFlight++;
    try {
      await this.handle(channel, message);
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) this.idle?.();
    }
  }

  private async handle(channel: Channel, message: ConsumeMessage): Promise<void> {
    const { queue } = this.spec;
    // The delivery the broker allows last is parked unread. Letting the broker dead-letter it
    // instead would send it round the retry queue (the queue's only dead-letter route), where
    // RabbitMQ's cycle detection keeps it for good (3.10) or it loops; a later broker's x-death
    // `delivery_limit` is caught too.
    const crashes = Math.max(deliveryCount(message), crashLoops(message, queue) > 0 ? this.topology.deliveryLimit : 0);
    if (crashes >= this.topology.deliveryLimit) {
      const reason = `delivery limit: delivered ${crashes} time(s) before, and every consumer that took it stopped before acking`;
      this.logger.error({ queue, messageId: message.properties.messageId, sagaId: message.properties.headers?.[HEADERS.sagaId] }, `message parked: ${reason}`);
      return this.parkOrRetry(channel, message, reason);
    }
    let envelope: MessageEnvelope;
    try {
      envelope = decodeMessage(message);
    } catch (error) {
      this.logger.error({ err: error, queue }, 'malformed message parked');
      return this.parkOrRetry(channel, message, (error as Error).message);
    }
    const attempt = failedAttempts(message, queue) + 1;
    await withCorrelation({ requestId: envelope.requestId, sagaId: envelope.sagaId }, async () => {
      try {
        await this.spec.handler(envelope, { attempt, redelivered: message.fields.redelivered });
        settle(() => channel.ack(message));
        // Inside the saga's correlation: one grep for the sagaId finds this line in every service.
        this.logger.info({ type: envelope.type, messageId: envelope.messageId, attempt }, `handled ${envelope.type}`);
      } catch (error) {
        const fields = { err: error, queue, type: envelope.type, messageId: envelope.messageId, attempt };
        const reason = (error as Error)?.message ?? String(error);
        if (error instanceof MalformedMessage) {
          this.logger.error(fields, 'message refused as malformed; parked');
          await this.parkOrRetry(channel, message, reason);
        } else if (attempt >= this.topology.maxAttempts && this.backoff.length > 0) {
          const tier = this.backoff[Math.min(attempt - this.topology.maxAttempts, this.backoff.length - 1)]!;
          this.logger.warn(fields, `message failed again; retry in ${tier.delayMs} ms`);
          await this.delayOrRetry(channel, message, tier.name, attempt);
        } else if (attempt >= this.topology.maxAttempts) {
          this.logger.error(fields, 'message failed its last attempt; parked');
          await this.parkOrRetry(channel, message, reason);
        } else {
          this.logger.warn(fields, `message failed; retry in ${this.topology.retryDelayMs} ms`);
          settle(() => channel.nack(message, false, false));
        }
      }
    });
  }

  private async delayOrRetry(channel: Channel, message: ConsumeMessage, backoffQueue: string, failed: number): Promise<void> {
    try {
      await this.parker.delay(backoffQueue, message, failed);
      settle(() => channel.ack(message));
    } catch (error) {
      this.logger.warn({ err: error, queue: this.spec.queue }, 'could not delay message; retrying it sooner');
      settle(() => channel.nack(message, false, false));
    }
  }

  private async parkOrRetry(channel: Channel, message: ConsumeMessage, reason: string): Promise<void> {
    try {
      await this.parker.park(this.spec.queue, message, reason);
      settle(() => channel.ack(message));
    } catch (error) {
      // Parking itself failed (broker trouble): let the retry queue bring it back to try again.
      this.logger.warn({ err: error, queue: this.spec.queue }, 'could not park message; retrying it');
      settle(() => channel.nack(message, false, false));
    }
  }
}

/** Acking on a channel that has closed meanwhile throws; the broker redelivers that message anyway. */
function settle(action: () => void): void {
  try {
    action();
  } catch {
    // channel gone: the message comes back to a new consumer, whose handler is idempotent
  }
}

export const PARK_HEADERS = HEADERS;
