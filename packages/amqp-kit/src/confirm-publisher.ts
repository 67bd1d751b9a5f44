import { once } from 'node:events';
import type { ConfirmChannel, Message, Options } from 'amqplib';
import type { Logger } from '@concert/logger';

export class PublishFailed extends Error {
  constructor(reason: string) {
    super(`publish not confirmed: ${reason}`);
    this.name = 'PublishFailed';
  }
}

/**
 * One confirm channel, opened lazily and again after it closed. A publish resolves only when the
 * broker confirmed it; a nack, a return (mandatory: no queue was bound), a closed channel or a
 * timeout rejects, so the caller keeps the message and tries again (the outbox does exactly that).
 */
export class ConfirmPublisher {
  private channel: Promise<ConfirmChannel> | null = null;
  private readonly returned = new Set<string>();
  private drained: Promise<unknown> | null = null;

  constructor(
    private readonly openChannel: () => Promise<ConfirmChannel>,
    private readonly logger: Logger,
    private readonly confirmTimeoutMs: number,
  ) {}

  /**
   * The deadline covers the whole call — opening the channel, waiting for the socket to drain, the
   * confirm — so a wedged broker (or one that blocked publishers on an alarm) fails the publish
   * in time instead of holding the caller, who keeps the message and tries again.
   */
  async publish(exchange: string, routingKey: string, content: Buffer, options: Options.Publish): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new PublishFailed(`no confirm within ${this.confirmTimeoutMs} ms`)), this.confirmTimeoutMs);
    });
    try {
      await Promise.race([this.publishConfirmed(exchange, routingKey, content, options), expired]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async publishConfirmed(exchange: string, routingKey: string, content: Buffer, options: Options.Publish): Promise<void> {
    const channel = await this.current();
    if (this.drained) await this.drained;
    const messageId = options.messageId ?? '';
    await new Promise<void>((resolve, reject) => {
      let writable: boolean;
      try {
        writable = channel.publish(exchange, routingKey, content, options, (error) => {
          // The broker sends basic.return before the ack of the same message.
          const wasReturned = this.returned.delete(messageId);
          if (error) reject(new PublishFailed(String((error as Error)?.message ?? error)));
          else if (wasReturned) reject(new PublishFailed(`unroutable: ${exchange} ${routingKey}`));
          else resolve();
        });
      } catch (error) {
        this.channel = null;
        reject(new PublishFailed((error as Error).message));
        return;
      }
      if (!writable && !this.drained) {
        this.drained = once(channel, 'drain').finally(() => (this.drained = null));
      }
    });
  }

  /** Drops the channel (the connection went away); the next publish opens a new one. */
  reset(): void {
    this.channel = null;
    this.drained = null;
  }

  async close(): Promise<void> {
    const channel = this.channel;
    this.channel = null;
    if (channel) await channel.then((c) => c.close()).catch(() => undefined);
  }

  private current(): Promise<ConfirmChannel> {
    if (!this.channel) {
      const opening = this.openChannel().then((channel) => {
        channel.on('return', (message: Message) => {
          if (message.properties.messageId) this.returned.add(String(message.properties.messageId));
        });
        channel.on('error', (error: Error) => this.logger.warn({ err: error }, 'publisher channel error'));
        channel.on('close', () => {
          if (this.channel === opening) this.channel = null;
        });
        return channel;
      });
      opening.catch(() => {
        if (this.channel === opening) this.channel = null;
      });
      this.channel = opening;
    }
    return this.channel;
  }
}
