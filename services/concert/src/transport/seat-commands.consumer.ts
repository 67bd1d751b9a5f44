import { SAGA_MESSAGES, type MessageEnvelope, type SeatCommand, type SeatOutcome } from '@concert/amqp-kit';
import { isDefiniteAnswer } from '@concert/errors';
import type { SeatCommands } from '../application/seat-commands.use-case';

/** Rejections that SeatCommands stores in seat_commands (the relay publishes those). */
const STORED_REJECTIONS = new Set(['RESERVATION_NOT_FOUND', 'SEAT_HOLD_EXPIRED']);

export interface SeatCommandWiring {
  /** An outcome was stored in seat_commands under `key` (the command id): have the relay publish it now. */
  stored(key: string): void;
  /** Answers a command that left no record (it was invalid) with a rejection. */
  reject(type: string, envelope: MessageEnvelope, outcome: SeatOutcome): Promise<void>;
}

/**
 * concert.seat.confirm.v1 / concert.seat.release.v1 from the payment saga. SeatCommands stores the
 * first answer under the command id, so a redelivery has no second effect and gets the same answer;
 * the message is acked once that answer is stored.
 */
export function seatCommandsHandler(commands: SeatCommands, wiring: SeatCommandWiring) {
  return async (envelope: MessageEnvelope): Promise<void> => {
    const payload = (envelope.payload ?? {}) as Partial<SeatCommand>;
    const command = { reservationId: String(payload.reservationId ?? ''), commandId: String(payload.commandId ?? ''), sagaId: envelope.sagaId };
    const isConfirm = envelope.type === SAGA_MESSAGES.confirmSeat;
    if (!isConfirm && envelope.type !== SAGA_MESSAGES.releaseSeat) throw new Error(`unexpected message type ${envelope.type}`);
    try {
      await (isConfirm ? commands.confirm(command) : commands.release(command));
    } catch (error) {
      if (!isDefiniteAnswer(error)) throw error;
      if (!STORED_REJECTIONS.has(error.code)) {
        const type = isConfirm ? SAGA_MESSAGES.seatConfirmRejected : SAGA_MESSAGES.seatReleaseRejected;
        await wiring.reject(type, envelope, { commandId: command.commandId, reservationId: command.reservationId, status: '', reason: error.code });
        return;
      }
    }
    wiring.stored(command.commandId);
  };
}
