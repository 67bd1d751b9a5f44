import mongoose, { Schema } from 'mongoose';
import type { OutboxEntry, OutboxSource } from '@concert/amqp-kit';
import { WriteOutcomeUnknown, type OpenSaga, type SagaEvent, type SagaStore } from '../application/payment.ports';

interface StoredEvent extends SagaEvent {
  /** The sweeper's filter: this record opened a saga that is still open (see SagaEvent.opener). */
  open: boolean;
  /** true while the event's command waits for the outbox relay (a boolean: FerretDB pushes it down, not null). */
  outbox: boolean;
  publishedAt: Date | null;
}

const eventSchema = new Schema<StoredEvent>(
  {
    sagaId: { type: String, required: true },
    version: { type: Number, required: true },
    name: { type: String, required: true },
    service: { type: String, required: true },
    outcome: { type: String, required: true },
    detail: { type: String, default: '' },
    at: { type: Date, required: true },
    state: { type: Schema.Types.Mixed, required: true },
    command: { type: Schema.Types.Mixed, default: null },
    causationId: { type: String, default: null },
    opener: { type: Number, default: null },
    open: { type: Boolean, required: true },
    outbox: { type: Boolean, required: true },
    publishedAt: { type: Date, default: null },
  },
  { collection: 'saga_events', versionKey: false, minimize: false },
);
// The store rule: one winner per (sagaId, version); one saga per reservation follows from the id.
eventSchema.index({ sagaId: 1, version: 1 }, { unique: true });
eventSchema.index({ open: 1 });
eventSchema.index({ outbox: 1 });

const PROJECTION = { _id: 0, open: 0, outbox: 0, publishedAt: 0 } as const;

/** The saga streams; the same records are the payment service's outbox. */
export class MongoSagaStore implements SagaStore {
  readonly model: mongoose.Model<StoredEvent>;

  constructor(connection: mongoose.Connection) {
    this.model = connection.models.SagaEvent ?? connection.model<StoredEvent>('SagaEvent', eventSchema);
  }

  head(sagaId: string): Promise<SagaEvent | null> {
    return this.model.findOne({ sagaId }, PROJECTION).sort({ version: -1 }).lean<SagaEvent>().exec().then(revive);
  }

  async history(sagaId: string): Promise<SagaEvent[]> {
    const events = await this.model.find({ sagaId }, PROJECTION).sort({ version: 1 }).lean<SagaEvent[]>().exec();
    return events.map((e) => revive(e)!);
  }

  async append(event: SagaEvent): Promise<void> {
    const stored: StoredEvent = {
      ...event,
      opener: event.opener ?? null,
      open: event.opener === event.version,
      outbox: event.command !== null,
      publishedAt: null,
    };
    try {
      await this.model.collection.insertOne({ ...stored });
    } catch (error) {
      throw mayHaveLanded(error) ? new WriteOutcomeUnknown(error) : error;
    }
  }

  async clearOpen(sagaId: string, version: number): Promise<void> {
    if (version < 1) return;
    await this.model.collection.updateOne({ sagaId, version }, { $set: { open: false } });
  }

  // `open: true` is a plain equality FerretDB pushes down, and only openers of live sagas carry it
  // (no history). Ordering by deadline is the sweeper's (a sort is never pushed down).
  async openSagas(): Promise<OpenSaga[]> {
    const rows = await this.model
      .find({ open: true }, { _id: 0, sagaId: 1, version: 1, 'state.deadlineAt': 1 })
      .lean<{ sagaId: string; version: number; state: { deadlineAt: Date | null } }[]>()
      .exec();
    return rows.map((r) => ({ sagaId: r.sagaId, version: r.version, deadlineAt: r.state?.deadlineAt ? new Date(r.state.deadlineAt) : null }));
  }
}

/**
 * The connection failed or timed out while the insert was out: the server may have applied it. (A
 * server that answered with an error, or a pool that never sent it, is a definite failure.)
 */
function mayHaveLanded(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === 'MongoNetworkError' || name === 'MongoNetworkTimeoutError';
}

/** Dates inside the Mixed state come back as Dates from MongoDB; make sure of it for any driver. */
function revive(event: SagaEvent | null): SagaEvent | null {
  if (!event) return null;
  const { state } = event;
  state.deadlineAt = state.deadlineAt ? new Date(state.deadlineAt) : null;
  state.startedAt = new Date(state.startedAt);
  state.attempts ??= 0; // stored before resends were counted
  event.at = new Date(event.at);
  return event;
}

/** The relay's view of saga_events: commands stored but not yet confirmed by the broker. */
export class SagaOutboxSource implements OutboxSource {
  constructor(
    private readonly store: MongoSagaStore,
    private readonly exchange: string,
    /** Fresh events are published by the fast path; the poll leaves them that long. */
    private readonly graceMs: number,
  ) {}

  // A plain equality and natural order, both pushed down by FerretDB (a sort is not: it would read
  // every unpublished record); the relay publishes in any order, consumers are idempotent.
  async unpublished(limit: number): Promise<OutboxEntry[]> {
    const rows = await this.store.model
      .find({ outbox: true }, { _id: 0 })
      .limit(limit)
      .lean<StoredEvent[]>()
      .exec();
    const cutoff = Date.now() - this.graceMs;
    return rows.filter((r) => r.command && new Date(r.at).getTime() <= cutoff).map((r) => this.entryOf(r));
  }

  // One updateOne per record: FerretDB does not push `$or` down, so a batched updateMany is slower.
  async markPublished(keys: string[]): Promise<void> {
    const publishedAt = new Date();
    await Promise.all(
      keys.map((key) => {
        const [sagaId, version] = splitKey(key);
        return this.store.model.collection.updateOne({ sagaId, version }, { $set: { outbox: false, publishedAt } });
      }),
    );
  }

  entryOf(event: SagaEvent): OutboxEntry {
    const command = event.command!;
    return {
      key: `${event.sagaId}|${event.version}`,
      exchange: this.exchange,
      routingKey: command.type,
      envelope: {
        messageId: command.messageId,
        type: command.type,
        sagaId: event.sagaId,
        requestId: event.state.requestId,
        occurredAt: new Date(event.at).toISOString(),
        payload: command.payload,
      },
    };
  }
}

function splitKey(key: string): [string, number] {
  const at = key.lastIndexOf('|');
  return [key.slice(0, at), Number(key.slice(at + 1))];
}
