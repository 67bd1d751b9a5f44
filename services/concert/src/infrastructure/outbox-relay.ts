import { markPublishedByCommandIds, unpublishedByCommandIds } from '@concert/stream-store';
import { SAGA_MESSAGES, type OutboxEntry, type OutboxSource, type SeatOutcome } from '@concert/amqp-kit';
import type { SeatCommandEntry } from '../application/concert.ports';
import type { MongoSeatCommandLog } from './seat-command.log';

/**
 * seat_commands is the concert service's outbox: every saga command's first answer is stored there
 * with publishedAt: null; the relay publishes it with confirms, then marks it.
 */
export class SeatCommandOutboxSource implements OutboxSource {
  constructor(
    private readonly log: MongoSeatCommandLog,
    private readonly exchange: string,
  ) {}

  async unpublished(limit: number): Promise<OutboxEntry[]> {
    const rows = await this.log.model.find({ outbox: true }, { _id: 0 }).limit(limit).lean<SeatCommandEntry[]>().exec();
    return rows.map((r) => this.entryOf(r));
  }

  /** Entries this process just stored come from memory; only others are read (one query per id). */
  async byKeys(keys: string[]): Promise<OutboxEntry[]> {
    const fromMemory = this.log.takeStored(keys);
    const known = new Set(fromMemory.map((e) => e.commandId));
    const missing = keys.filter((k) => !known.has(k));
    const read = missing.length ? await unpublishedByCommandIds<SeatCommandEntry>(this.log.model.collection, missing) : [];
    return [...fromMemory, ...read].map((r) => this.entryOf(r));
  }

  markPublished(keys: string[]): Promise<void> {
    return markPublishedByCommandIds(this.log.model.collection, keys);
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
