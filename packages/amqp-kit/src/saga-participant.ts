import type { Logger } from '@concert/logger';
import { AmqpBroker } from './broker';
import type { MessageHandler } from './consumer';
import type { MessageEnvelope } from './envelope';
import { OutboxRelay, type OutboxSource } from './outbox-relay';
import { sagaNames, sagaTopology } from './saga-contract';

/** What a participant's command handler may do besides storing its outcome. */
export interface ParticipantWiring {
  /** An outcome record was stored (under `key`): the relay publishes it now rather than at its next poll. */
  stored(key?: string): void;
  /** Publishes (confirmed) an outcome that has no stored record, e.g. the rejection of an invalid command. */
  reject(type: string, command: MessageEnvelope, payload: unknown): Promise<void>;
  /**
   * Publishes (confirmed) the outcome of a command before the command is acked. For a participant whose
   * stored records answer every redelivery alike: a crash before the confirm redelivers the command,
   * which publishes the same outcome again, so no outbox record or mark is needed.
   */
  reply(type: string, command: MessageEnvelope, payload: unknown): Promise<void>;
}

export interface ParticipantOptions {
  url: string;
  namespace: string;
  logger: Logger;
  connectionName: string;
  /** The command queue this service consumes. */
  queue: 'concertCommands' | 'walletCommands';
  /** The service's stored outcome records, read by the outbox relay (none when every outcome is a reply()). */
  source?: (exchange: string) => OutboxSource;
  handler: (wiring: ParticipantWiring) => MessageHandler;
  prefetch?: number;
  /** The relay's safety-net poll (handlers have their records published as they store them). */
  relayPollMs?: number;
}

/**
 * A service's part in the payment saga: consume its commands, and relay the outcome records its
 * handlers store (with publishedAt: null) to the saga exchange. stop() stops taking commands first.
 */
export async function startSagaParticipant(options: ParticipantOptions): Promise<{ broker: AmqpBroker; relay: OutboxRelay | null; stop(): Promise<void> }> {
  const names = sagaNames(options.namespace);
  const broker = await AmqpBroker.connect({
    url: options.url,
    topology: sagaTopology(options.namespace),
    logger: options.logger,
    connectionName: options.connectionName,
    // The service's gRPC side keeps working through a broker outage; commands wait in their queue.
    waitForConnection: false,
  });
  const relay = options.source ? new OutboxRelay(options.source(names.exchange), broker, options.logger, { pollIntervalMs: options.relayPollMs ?? 5_000 }) : null;
  relay?.start();
  const publishOutcome = (suffix: string) => (type: string, command: MessageEnvelope, payload: unknown) =>
    broker.publish(names.exchange, type, {
      messageId: `${command.messageId}:${suffix}`,
      type,
      sagaId: command.sagaId,
      requestId: command.requestId,
      occurredAt: new Date().toISOString(),
      payload,
    });
  const wiring: ParticipantWiring = {
    stored: (key) => (key ? void relay?.publishStored([key]) : relay?.nudge()),
    reject: publishOutcome('rejected'),
    reply: publishOutcome('reply'),
  };
  await broker.consume(names[options.queue], options.handler(wiring), { prefetch: options.prefetch ?? 64 });
  return {
    broker,
    relay,
    stop: async () => {
      await broker.close();
      await relay?.stop();
    },
  };
}
