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
  /** Failures so far, carried by a message sent round a backoff queue (x-death counts only dead-letterings). */
  failedAttempts: 'x-failed-attempts',
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
  reason?: string;
  count?: number;
}

const deathsOf = (message: ConsumeMessage): XDeath[] => {
  const deaths = message.properties.headers?.['x-death'];
  return Array.isArray(deaths) ? (deaths as XDeath[]) : [];
};

/**
 * How many times this message has already failed in `queue`: the broker counts every dead-lettering
 * (our reject, or the quorum queue's delivery limit) in the x-death header, per queue and reason.
 */
export function failedAttempts(message: ConsumeMessage, queue: string): number {
  const deadLettered = deathsOf(message)
    .filter((d) => d.queue === queue)
    .reduce((sum, d) => sum + Number(d.count ?? 0), 0);
  const carried = Number(message.properties.headers?.[HEADERS.failedAttempts] ?? 0);
  return Math.max(deadLettered, Number.isFinite(carried) ? carried : 0);
}

/**
 * Earlier deliveries of this message in its quorum queue that ended without an ack or a reject: the
 * consumer's channel or process died while it held the message (`x-delivery-count`).
 */
export function deliveryCount(message: ConsumeMessage): number {
  const count = Number(message.properties.headers?.['x-delivery-count'] ?? 0);
  return Number.isFinite(count) ? count : 0;
}

/**
 * Times the quorum queue gave up redelivering this message in `queue` (its delivery limit: every
 * consumer that took it died or dropped its channel before acking). Such a message would only
 * crash the next consumer too.
 */
export function crashLoops(message: ConsumeMessage, queue: string): number {
  return deathsOf(message)
    .filter((d) => d.queue === queue && d.reason === 'delivery_limit')
    .reduce((sum, d) => sum + Number(d.count ?? 0), 0);
}
