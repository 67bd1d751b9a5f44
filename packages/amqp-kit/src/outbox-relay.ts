import { withCorrelation, type Logger } from '@concert/logger';
import type { MessageEnvelope } from './envelope';

/** A message stored beside the state change that caused it, waiting to be published. */
export interface OutboxEntry {
  /** Identifies the stored record for markPublished. */
  key: string;
  exchange: string;
  routingKey: string;
  envelope: MessageEnvelope;
}

/** The store side of an outbox: a service's appended records that have publishedAt: null. */
export interface OutboxSource {
  /** Up to `limit` unpublished entries, oldest first. */
  unpublished(limit: number): Promise<OutboxEntry[]>;
  markPublished(keys: string[]): Promise<void>;
}

export interface ConfirmedPublisher {
  publish(exchange: string, routingKey: string, envelope: MessageEnvelope): Promise<void>;
}

export interface RelayOptions {
  /** Safety-net poll; nudge() and publish() make the usual case immediate. */
  pollIntervalMs?: number;
  batchSize?: number;
}

/**
 * The transactional outbox without transactions: records are stored first with publishedAt: null,
 * then published with confirms, then marked. A crash between the two only leaves them unpublished,
 * so the next pass publishes them; two relays at once only publish some twice (consumers are
 * idempotent). Nothing is ever marked before its confirm arrived.
 */
export class OutboxRelay {
  private stopped = true;
  private wake: (() => void) | null = null;
  private nudged = false;
  private loop: Promise<void> | null = null;
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;

  constructor(
    private readonly source: OutboxSource,
    private readonly publisher: ConfirmedPublisher,
    private readonly logger: Logger,
    options: RelayOptions = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.batchSize = options.batchSize ?? 200;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.run();
  }

  /** Something was just stored: run a pass now instead of at the next poll. */
  nudge(): void {
    this.nudged = true;
    this.wake?.();
  }

  /**
   * Fast path for entries the caller has in hand: publish and mark them now. Failures are left to
   * the polling pass, which finds them still unpublished.
   */
  async publish(entries: OutboxEntry[]): Promise<void> {
    const published = await this.publishAll(entries);
    if (published.length > 0) await this.source.markPublished(published).catch((error: unknown) => this.logger.warn({ err: error }, 'outbox mark failed'));
  }

  /** One pass over the unpublished entries; returns how many were published. */
  async drain(): Promise<number> {
    const entries = await this.source.unpublished(this.batchSize);
    if (entries.length === 0) return 0;
    const published = await this.publishAll(entries);
    if (published.length > 0) await this.source.markPublished(published);
    if (published.length < entries.length) throw new Error(`${entries.length - published.length} outbox entries not confirmed`);
    return published.length;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      this.nudged = false;
      try {
        const count = await this.drain();
        failures = 0;
        if (count >= this.batchSize) continue;
      } catch (error) {
        failures++;
        this.logger.warn({ err: error }, 'outbox relay pass failed; retrying');
      }
      // Back off while the broker refuses, but not so far that a recovered broker waits long.
      const pause = failures > 0 ? this.pollIntervalMs * Math.min(2 ** failures, 8) : this.pollIntervalMs;
      if (!this.nudged || failures > 0) await this.sleep(pause);
    }
  }

  private async publishAll(entries: OutboxEntry[]): Promise<string[]> {
    const results = await Promise.allSettled(entries.map((e) => this.publisher.publish(e.exchange, e.routingKey, e.envelope)));
    const published: string[] = [];
    results.forEach((result, i) => {
      const { envelope } = entries[i]!;
      if (result.status === 'fulfilled') {
        published.push(entries[i]!.key);
        withCorrelation({ sagaId: envelope.sagaId, requestId: envelope.requestId }, () =>
          this.logger.info({ type: envelope.type, messageId: envelope.messageId }, `published ${envelope.type}`),
        );
      }
      else this.logger.debug({ err: result.reason, messageId: envelope.messageId }, 'outbox publish not confirmed');
    });
    return published;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }
}
