import type { Logger } from '@concert/logger';
import { AmqpBroker } from './broker';
import type { MessageHandler } from './consumer';
import type { MessageEnvelope } from './envelope';
import { sagaNames, sagaTopology } from './saga-contract';

/** How a participant's command handler answers the saga. */
export interface ParticipantWiring {
  /**
   * Publishes (confirmed) the outcome of a command before the command is acked. The participant's
   * stored records answer every redelivery of a command alike, so a crash before the confirm only
   * redelivers the command, which publishes the same outcome again: no outbox record or mark needed.
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
  handler: (wiring: ParticipantWiring) => MessageHandler;
  prefetch?: number;
}

/**
 * A service's part in the payment saga: consume its commands and answer each on the saga exchange
 * before acking it. stop() stops taking commands.
 */
export async function startSagaParticipant(options: ParticipantOptions): Promise<{ broker: AmqpBroker; stop(): Promise<void> }> {
  const names = sagaNames(options.namespace);
  const broker = await AmqpBroker.connect({
    url: options.url,
    topology: sagaTopology(options.namespace),
    logger: options.logger,
    connectionName: options.connectionName,
    // The service's gRPC side keeps working through a broker outage; commands wait in their queue.
    waitForConnection: false,
  });
  const wiring: ParticipantWiring = {
    reply: (type, command, payload) =>
      broker.publish(names.exchange, type, {
        messageId: `${command.messageId}:answer`,
        type,
        sagaId: command.sagaId,
        requestId: command.requestId,
        occurredAt: new Date().toISOString(),
        payload,
      }),
  };
  await broker.consume(names[options.queue], options.handler(wiring), { prefetch: options.prefetch ?? 64 });
  return { broker, stop: () => broker.close() };
}
