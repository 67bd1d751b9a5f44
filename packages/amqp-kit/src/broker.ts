import { EventEmitter } from 'node:events';
import { connect, type ChannelModel, type ConsumeMessage, type RecoveringChannelModel } from 'amqplib';
import type { Logger } from '@concert/logger';
import { ConfirmPublisher } from './confirm-publisher';
import { QueueConsumer, type MessageHandler } from './consumer';
import { HEADERS, encodeBody, publishOptions, type MessageEnvelope } from './envelope';
import { parkedCounts } from './parked';
import { declareTopology, deleteTopology, type Topology } from './topology';

export interface BrokerOptions {
  url: string;
  topology: Topology;
  logger: Logger;
  /** Shown in the broker's connection list. */
  connectionName?: string;
  reconnectInitialDelayMs?: number;
  reconnectMaxDelayMs?: number;
  confirmTimeoutMs?: number;
  /** Give up the first connection after this long (later reconnects go on forever). */
  initialConnectTimeoutMs?: number;
  /**
   * false: return at once and connect in the background (consumers start, publishes proceed once
   * connected), for services whose other work must not wait for the broker.
   */
  waitForConnection?: boolean;
}

export interface ConsumeOptions {
  prefetch?: number;
}

/**
 * A recovering connection to RabbitMQ. Every (re)connect first declares the whole topology, then
 * re-opens the consumers; publishes wait for a connection and count only once confirmed.
 * Emits 'connected' (with the underlying ChannelModel) and 'disconnected'.
 */
export class AmqpBroker extends EventEmitter {
  private model: ChannelModel | null = null;
  private readonly consumers: { consumer: QueueConsumer; restartTimer: NodeJS.Timeout | null }[] = [];
  private readonly publisher: ConfirmPublisher;
  private closing = false;

  private constructor(
    private readonly recovering: RecoveringChannelModel,
    private readonly options: BrokerOptions,
  ) {
    super();
    this.publisher = new ConfirmPublisher(() => recovering.createConfirmChannel(), options.logger, options.confirmTimeoutMs ?? 10_000);
  }

  static async connect(options: BrokerOptions): Promise<AmqpBroker> {
    const { logger, topology } = options;
    const recovering = await connect(options.url, {
      clientProperties: { connection_name: options.connectionName ?? 'concert' },
      recovery: {
        initialDelay: options.reconnectInitialDelayMs ?? 200,
        maxDelay: options.reconnectMaxDelayMs ?? 10_000,
        waitForConnect: false,
        setup: async (model: ChannelModel) => {
          const channel = await model.createChannel();
          try {
            await declareTopology(channel, topology);
          } finally {
            await channel.close().catch(() => undefined);
          }
        },
      },
    });
    const broker = new AmqpBroker(recovering, options);
    recovering.on('connect', (model: ChannelModel) => broker.onConnect(model));
    recovering.on('disconnect', (error: Error) => broker.onDisconnect(error));
    recovering.on('connect-failed', (error: Error) => logger.warn({ err: error }, 'amqp connect failed'));
    recovering.on('reconnect-scheduled', ({ attempt, delay }: { attempt: number; delay: number }) =>
      logger.info({ attempt, delay }, 'amqp reconnect scheduled'),
    );
    recovering.on('error', (error: Error) => logger.warn({ err: error }, 'amqp connection error'));

    if (options.waitForConnection === false) return broker;
    const timeoutMs = options.initialConnectTimeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        recovering.waitForConnect(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no AMQP connection within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
    } catch (error) {
      await recovering.close().catch(() => undefined);
      throw error;
    } finally {
      clearTimeout(timer);
    }
    return broker;
  }

  /** Resolves once the broker confirmed the message. */
  publish(exchange: string, routingKey: string, envelope: MessageEnvelope): Promise<void> {
    return this.publisher.publish(exchange, routingKey, encodeBody(envelope), publishOptions(envelope));
  }

  /** Consumes `queue` on this and every later connection. */
  async consume(queue: string, handler: MessageHandler, options: ConsumeOptions = {}): Promise<void> {
    const parker = {
      park: (q: string, message: ConsumeMessage, reason: string) => this.park(q, message, reason),
      delay: (q: string, message: ConsumeMessage, failed: number) => this.delay(q, message, failed),
    };
    const consumer = new QueueConsumer({ queue, handler, prefetch: options.prefetch ?? 32 }, this.options.topology, parker, this.options.logger);
    const entry = { consumer, restartTimer: null as NodeJS.Timeout | null };
    this.consumers.push(entry);
    if (this.model) await consumer.start(this.model, () => this.restartLater(entry));
  }

  /**
   * Messages in each parking queue of this broker's topology, keyed by parking queue name (metrics,
   * readiness detail). Rejects when not connected or when the broker does not answer in time.
   */
  parkedCounts(timeoutMs = 3_000): Promise<Record<string, number>> {
    if (!this.model) return Promise.reject(new Error('amqp not connected'));
    return parkedCounts(this.model, this.options.topology, timeoutMs);
  }

  /** The live connection, if any (diagnostics, and tests that cut it). */
  currentConnection(): ChannelModel | null {
    return this.model;
  }

  /**
   * Deletes this broker's whole topology, then closes (tests that declared a namespace of their own
   * leave nothing behind on the shared broker). Best effort: a broker that is gone has nothing to keep.
   */
  async deleteTopologyAndClose(): Promise<void> {
    if (this.model) {
      const channel = await this.model.createChannel().catch(() => null);
      if (channel) await deleteTopology(channel, this.options.topology).then(() => channel.close()).catch(() => undefined);
    }
    await this.close();
  }

  async close(graceMs = 5_000): Promise<void> {
    this.closing = true;
    for (const entry of this.consumers) if (entry.restartTimer) clearTimeout(entry.restartTimer);
    await Promise.all(this.consumers.map((entry) => entry.consumer.stop(graceMs)));
    // A half-dead connection may never answer close-ok; don't let shutdown hang on it.
    const bounded = (work: Promise<unknown>) => Promise.race([work.catch(() => undefined), new Promise((r) => setTimeout(r, graceMs).unref())]);
    await bounded(this.publisher.close());
    await bounded(this.recovering.close());
  }

  private park(queue: string, message: ConsumeMessage, reason: string): Promise<void> {
    const { properties } = message;
    return this.publisher.publish(this.options.topology.parkingExchange, queue, message.content, {
      ...properties,
      persistent: true,
      mandatory: true,
      headers: { ...properties.headers, [HEADERS.parkedReason]: reason.slice(0, 500), [HEADERS.parkedFrom]: queue },
    });
  }

  private delay(backoffQueue: string, message: ConsumeMessage, failed: number): Promise<void> {
    const { properties } = message;
    // The quorum queue adds x-delivery-count only to redeliveries: a copy must not carry an old one
    // back, or its next first delivery would look like a crash loop.
    const { 'x-delivery-count': _spent, ...headers } = (properties.headers ?? {}) as Record<string, unknown>;
    // The default exchange routes by queue name: no binding to keep in step with the tiers.
    return this.publisher.publish('', backoffQueue, message.content, {
      ...properties,
      persistent: true,
      mandatory: true,
      headers: { ...headers, [HEADERS.failedAttempts]: failed },
    });
  }

  private onConnect(model: ChannelModel): void {
    this.model = model;
    this.options.logger.info('amqp connected; topology declared');
    for (const entry of this.consumers) this.startConsumer(entry, model);
    this.emit('connected', model);
  }

  private onDisconnect(error: Error): void {
    this.model = null;
    this.publisher.reset();
    if (!this.closing) this.options.logger.warn({ err: error }, 'amqp connection lost; reconnecting');
    this.emit('disconnected', error);
  }

  private startConsumer(entry: (typeof this.consumers)[number], model: ChannelModel): void {
    entry.consumer.start(model, () => this.restartLater(entry)).catch((error: unknown) => {
      this.options.logger.warn({ err: error }, 'could not start consumer');
      this.restartLater(entry);
    });
  }

  /** A consumer channel closed while the connection lives on (e.g. a channel error): reopen it. */
  private restartLater(entry: (typeof this.consumers)[number]): void {
    if (this.closing || entry.restartTimer) return;
    entry.restartTimer = setTimeout(() => {
      entry.restartTimer = null;
      if (this.model && !this.closing) this.startConsumer(entry, this.model);
    }, 1_000);
  }
}
