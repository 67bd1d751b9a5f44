import type mongoose from 'mongoose';
import { markPublishedByCommandIds, unpublishedByCommandIds } from '@concert/stream-store';
import { SAGA_MESSAGES, type OutboxEntry, type OutboxSource, type SeatOutcome } from '@concert/amqp-kit';
import type { SeatCommandEntry } from '../application/concert.ports';

/**
 * seat_commands is the concert service's outbox: every saga command's first answer is stored there
 * with publishedAt: null; the relay publishes it with confirms, then marks it.
 */
export class SeatCommandOutboxSource implements OutboxSource {
  private readonly model: mongoose.Model<SeatCommandEntry>;

  constructor(
    connection: mongoose.Connection,
    private readonly exchange: string,
  ) {
    // Registered by MongoSeatCommandLog (wiring.createStores), which owns the schema.
    this.model = connection.model<SeatCommandEntry>('SeatCommand');
  }

  async unpublished(limit: number): Promise<OutboxEntry[]> {
    const rows = await this.model.find({ publishedAt: null }, { _id: 0 }).sort({ createdAt: 1 }).limit(limit).lean<SeatCommandEntry[]>().exec();
    return rows.map((r) => this.entryOf(r));
  }

  async byKeys(keys: string[]): Promise<OutboxEntry[]> {
    return (await unpublishedByCommandIds<SeatCommandEntry>(this.model.collection, keys)).map((r) => this.entryOf(r));
  }

  markPublished(keys: string[]): Promise<void> {
    return markPublishedByCommandIds(this.model.collection, keys);
  }

  private entryOf(entry: SeatCommandEntry): OutboxEntry {
    const ok = entry.outcome === 'OK';
    const type =
      entry.kind === 'CONFIRM'
        ? ok
          ? SAGA_MESSAGES.seatConfirmed
          : SAGA_MESSAGES.seatConfirmRejected
        : ok
          ? SAGA_MESSAGES.seatReleased
          : SAGA_MESSAGES.seatReleaseRejected;
    const payload: SeatOutcome = {
      commandId: entry.commandId,
      reservationId: entry.reservationId,
      status: entry.reservation?.status ?? '',
      reason: entry.reason ?? '',
    };
    return {
      key: entry.commandId,
      exchange: this.exchange,
      routingKey: type,
      envelope: {
        messageId: `concert:${entry.commandId}`,
        type,
        sagaId: entry.sagaId,
        requestId: entry.correlationId,
        occurredAt: new Date(entry.createdAt).toISOString(),
        payload,
      },
    };
  }
}
