import { MalformedMessage, SAGA_MESSAGES, type MessageEnvelope, type ParticipantWiring, type SeatOutcome } from '@concert/amqp-kit';
import { isDefiniteAnswer } from '@concert/errors';
import type { SeatCommands } from '../application/seat-commands.use-case';

/**
 * concert.seat.confirm.v1 / concert.seat.release.v1 from the payment saga. The seat record a command
 * appends carries its command id, so a redelivery has no second effect and the same answer; the
 * answer is published (confirmed) before the command is acked, so a crash in between only means the
 * redelivered command publishes it again.
 */
export function seatCommandsHandler(commands: SeatCommands, wiring: Pick<ParticipantWiring, 'reply'>) {
  return async (envelope: MessageEnvelope): Promise<void> => {
    const payload = (envelope.payload ?? {}) as Partial<{ reservationId: string; commandId: string }>;
    const command = { reservationId: String(payload.reservationId ?? ''), commandId: String(payload.commandId ?? ''), sagaId: envelope.sagaId };
    const isConfirm = envelope.type === SAGA_MESSAGES.confirmSeat;
    if (!isConfirm && envelope.type !== SAGA_MESSAGES.releaseSeat) throw new MalformedMessage(`unexpected message type ${envelope.type}`);
    const answer: SeatOutcome = { commandId: command.commandId, reservationId: command.reservationId, status: '', reason: '' };
    let type: string = isConfirm ? SAGA_MESSAGES.seatConfirmed : SAGA_MESSAGES.seatReleased;
    try {
      answer.status = (await (isConfirm ? commands.confirm(command) : commands.release(command))).status;
    } catch (error) {
      if (!isDefiniteAnswer(error)) throw error;
      type = isConfirm ? SAGA_MESSAGES.seatConfirmRejected : SAGA_MESSAGES.seatReleaseRejected;
      answer.reason = error.code;
    }
    await wiring.reply(type, envelope, answer);
  };
}
