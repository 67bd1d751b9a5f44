import type { Model } from 'mongoose';
import { SAGA_MESSAGES, type OutboxEntry, type OutboxSource, type WalletOutcome } from '@concert/amqp-kit';
import { BoundedMap } from '../application/bounded-map';
import { SAGA_KINDS, type LedgerKind, type LedgerRecord } from '../domain/ledger';

const TYPE_OF: Partial<Record<LedgerKind, string>> = {
  DEBITED: SAGA_MESSAGES.walletDebited,
  DEBIT_REJECTED: SAGA_MESSAGES.walletDebitRejected,
  REFUNDED: SAGA_MESSAGES.walletRefunded,
};

const PROJECTION = { _id: 0 } as const;

/** A saga record still waiting for the relay (records from before the outbox flag have only publishedAt: null). */
export const isUnpublished = (record: LedgerRecord) => SAGA_KINDS.includes(record.kind) && !record.publishedAt && record.outbox !== false;

/**
 * Saga records this process just stored, handed to the relay in memory so that publishing them needs
 * no read. Bounded for the case a record is stored but never asked for: the poll still finds it.
 */
export class JustStoredRecords {
  private readonly records = new BoundedMap<string, LedgerRecord>(10_000);

  add(record: LedgerRecord): void {
    if (isUnpublished(record)) this.records.set(record.commandId, record);
  }

  /** Removes and returns the record stored under `commandId`, if held. */
  take(commandId: string): LedgerRecord | undefined {
    const record = this.records.get(commandId);
    this.records.delete(commandId);
    return record;
  }
}

/**
 * The ledger's saga records are the wallet's outbox: DEBITED, DEBIT_REJECTED and REFUNDED are stored
 * with publishedAt: null and outbox: true, published by the relay with confirms, then marked. Every
 * query here is an equality that FerretDB pushes down, so cost follows the unpublished records, not
 * the ledger's size.
 */
export class LedgerOutboxSource implements OutboxSource {
  constructor(
    private readonly model: Model<LedgerRecord>,
    private readonly exchange: string,
    private readonly justStored: JustStoredRecords = new JustStoredRecords(),
  ) {}

  /** The safety-net poll: only records still flagged. Oldest first within the batch (sorting in the store would scan). */
  async unpublished(limit: number): Promise<OutboxEntry[]> {
    const rows = await this.model.find({ outbox: true }, PROJECTION).limit(limit).lean<LedgerRecord[]>().exec();
    return rows
      .filter(isUnpublished)
      .sort((a, b) => new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime())
      .map((r) => this.entryOf(r));
  }

  /** From memory when this process just stored the record; one read by command id otherwise. */
  async byKeys(keys: string[]): Promise<OutboxEntry[]> {
    const records = await Promise.all(
      keys.map((commandId) => this.justStored.take(commandId) ?? this.model.findOne({ commandId }, PROJECTION).lean<LedgerRecord>().exec()),
    );
    return records.filter((r): r is LedgerRecord => !!r && isUnpublished(r)).map((r) => this.entryOf(r));
  }

  /** One update per record, by its unique command id (an equality FerretDB pushes down). */
  async markPublished(keys: string[]): Promise<void> {
    const publishedAt = new Date();
    await Promise.all(keys.map((commandId) => this.model.collection.updateOne({ commandId }, { $set: { publishedAt, outbox: false } })));
  }

  private entryOf(record: LedgerRecord): OutboxEntry {
    const type = TYPE_OF[record.kind]!;
    // The ledger namespaces saga command ids ("debit:<id>"); the saga knows them without the prefix.
    const commandId = record.commandId.slice(record.commandId.indexOf(':') + 1);
    const payload: WalletOutcome = {
      commandId,
      userId: record.userId,
      amount: record.amount,
      balance: record.balance,
      reason: record.kind === 'DEBIT_REJECTED' ? 'INSUFFICIENT_BALANCE' : '',
    };
    return {
      key: record.commandId,
      exchange: this.exchange,
      routingKey: type,
      envelope: {
        messageId: `wallet:${record.commandId}`,
        type,
        sagaId: record.sagaId ?? '',
        requestId: record.correlationId ?? '',
        occurredAt: new Date(record.createdAt).toISOString(),
        payload,
      },
    };
  }
}

/**
 * Saga records written before the outbox flag existed (publishedAt: null, no outbox field) get it, so
 * the poll publishes them once. This filter cannot be pushed down (a full scan), so it runs once at
 * start, never periodically; it finds nothing once every replica writes the flag.
 */
export async function flagUnflaggedOutboxRecords(model: Model<LedgerRecord>): Promise<number> {
  const result = await model.collection.updateMany(
    { outbox: { $exists: false }, publishedAt: null, kind: { $in: [...SAGA_KINDS] } },
    { $set: { outbox: true } },
  );
  return result.modifiedCount;
}
