import { randomUUID } from 'node:crypto';
import type { ConsumeMessage, Options } from 'amqplib';

/**
 * What every message carries (docs/architecture, "Messaging"): its own id (consumers deduplicate on
 * it or on the command id inside), the saga it belongs to, a versioned type, when it happened, and
 * the id of the request that started it all. The ids travel as AMQP properties and headers, so a
 * consumer can put them in its logs before it even parses the body.
 */
export interface MessageEnvelope<P = unknown> {
  messageId: string;
  /** e.g. `wallet.debit.v1`; also the routing key on the saga exchange. */
  type: string;
  sagaId: string;
  /** The correlation id of the request that started the saga ('' when none). */
  requestId: string;
  /** ISO-8601. */
  occurredAt: string;
  payload: P;
}

export const HEADERS = {
  sagaId: 'x-saga-id',
  requestId: 'x-request-id',
  occurredAt: 'x-occurred-at',
  parkedReason: 'x-parked-reason',
  parkedFrom: 'x-parked-from',
} as const;

export function newEnvelope<P>(fields: Omit<MessageEnvelope<P>, 'messageId' | 'occurredAt'> & Partial<MessageEnvelope<P>>): MessageEnvelope<P> {
  return { messageId: randomUUID(), occurredAt: new Date().toISOString(), ...fields };
}

export function publishOptions(envelope: MessageEnvelope, extraHeaders: Record<string, string> = {}): Options.Publish {
  return {
    persistent: true,
    mandatory: true,
    contentType: 'application/json',
    messageId: envelope.messageId,
    type: envelope.type,
    correlationId: envelope.requestId || undefined,
    timestamp: Math.floor(Date.parse(envelope.occurredAt) / 1000),
    headers: {
      [HEADERS.sagaId]: envelope.sagaId,
      [HEADERS.requestId]: envelope.requestId,
      [HEADERS.occurredAt]: envelope.occurredAt,
      ...extraHeaders,
    },
  };
}

export const encodeBody = (envelope: MessageEnvelope): Buffer => Buffer.from(JSON.stringify(envelope.payload));

export class MalformedMessage extends Error {
  constructor(reason: string) {
    super(`malformed message: ${reason}`);
    this.name = 'MalformedMessage';
  }
}

/** Reads a delivery back into an envelope; a body that is not JSON or lacks the ids is malformed. */
export function decodeMessage(message: ConsumeMessage): MessageEnvelope {
  const { properties } = message;
  const headers = properties.headers ?? {};
  const messageId = properties.messageId as string | undefined;
  const type = properties.type as string | undefined;
  if (!messageId || !type) throw new MalformedMessage('messageId and type are required');
  let payload: unknown;
  try {
    payload = JSON.parse(message.content.toString('utf8'));
  } catch {
    throw new MalformedMessage('body is not JSON');
  }
  return {
    messageId,
    type,
    sagaId: String(headers[HEADERS.sagaId] ?? ''),
    requestId: String(headers[HEADERS.requestId] ?? properties.correlationId ?? ''),
    occurredAt: String(headers[HEADERS.occurredAt] ?? ''),
    payload,
  };
}

interface XDeath {
  queue?: string;
  count?: number;
}

/**
 * How many times this message has already failed in `queue`: the broker counts every dead-lettering
 * (our reject, or the quorum queue's delivery limit) in the x-death header, per queue and reason.
 */
export function failedAttempts(message: ConsumeMessage, queue: string): number {
  const deaths = (message.properties.headers?.['x-death'] ?? []) as XDeath[];
  return deaths.filter((d) => d.queue === queue).reduce((sum, d) => sum + Number(d.count ?? 0), 0);
}
