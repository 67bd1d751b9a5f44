import { ParkedInspector } from '@concert/amqp-kit';
import { DomainError } from '@concert/errors';
import type { Logger } from '@concert/logger';
import type { ParkedMessagesPort } from '../application/parked-messages.port';

/**
 * Reads the saga's parking queue counts over a connection of its own that declares nothing (the
 * gateway has no part in the saga). No broker configured, unreachable, or slow: 503.
 */
export function createParkedMessages(amqpUrl: string | undefined, namespace: string, logger: Logger, timeoutMs: number): ParkedMessagesPort {
  const inspector = amqpUrl ? new ParkedInspector(amqpUrl, namespace, timeoutMs) : null;
  return {
    async counts() {
      if (!inspector) throw new DomainError('SERVICE_UNAVAILABLE', 'unavailable', 'No broker is configured for this gateway (AMQP_URL).');
      try {
        return await inspector.counts();
      } catch (error) {
        logger.warn({ err: error }, 'parked message counts unavailable');
        throw new DomainError('SERVICE_UNAVAILABLE', 'unavailable', 'The message broker did not answer.');
      }
    },
    close() {
      void inspector?.close();
    },
  };
}
