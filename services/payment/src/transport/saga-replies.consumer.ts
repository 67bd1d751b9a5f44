import { MalformedMessage, type MessageEnvelope, type SeatOutcome, type WalletOutcome } from '@concert/amqp-kit';
import type { SagaOrchestrator } from '../application/saga-orchestrator';

/**
 * Outcomes from the concert and wallet services. The handler resolves once the saga step is stored
 * (or the reply turned out to change nothing), and only then is the message acked. A failure is
 * retried with backoff for as long as it takes (the topology never parks a reply for failing: its
 * saga may be open); only a reply that cannot name its saga is refused as malformed and parked.
 */
export function sagaRepliesHandler(orchestrator: SagaOrchestrator) {
  return async (envelope: MessageEnvelope): Promise<void> => {
    const payload = (envelope.payload ?? {}) as Partial<SeatOutcome & WalletOutcome>;
    const commandId = String(payload.commandId ?? '');
    // Command ids are `${sagaId}:${step}`, so the saga is known even from a header-less message.
    const sagaId = envelope.sagaId || commandId.slice(0, commandId.lastIndexOf(':'));
    if (!sagaId || !commandId) throw new MalformedMessage(`reply ${envelope.messageId} names no saga or command`);
    await orchestrator.handleReply(
      sagaId,
      {
        type: envelope.type,
        commandId,
        reason: String(payload.reason ?? ''),
        balance: typeof payload.balance === 'number' ? payload.balance : null,
      },
      envelope.messageId,
    );
  };
}
