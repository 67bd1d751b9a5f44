import type { Model } from 'mongoose';
import { markPublishedByCommandIds, unpublishedByCommandIds } from '@concert/stream-store';
import { SAGA_MESSAGES, type OutboxEntry, type OutboxSource, type WalletOutcome } from '@concert/amqp-kit';
import { SAGA_KINDS, type LedgerKind, type LedgerRecord } from '../domain/ledger';

const TYPE_OF: Partial<Record<LedgerKind, string>> = {
  DEBITED: SAGA_MESSAGES.walletDebited,
  DEBIT_REJECTED: SAGA_MESSAGES.walletDebitRejected,
  REFUNDED: SAGA_MESSAGES.walletRefunded,
};

/**
 * The ledger's saga records are the wallet's outbox: DEBITED, DEBIT_REJECTED and REFUNDED are stored
 * with publishedAt: null, published by the relay with confirms, then marked.
 */
export class LedgerOutboxSource implements OutboxSource {
  constructor(
    private readonly model: Model<LedgerRecord>,
    private readonly exchange: string,
  ) {}

  async unpublished(limit: number): Promise<OutboxEntry[]> {
    const rows = await this.model
      .find({ publishedAt: null, kind: { $in: SAGA_KINDS } }, { _id: 0 })
      .sort({ createdAt: 1 })
      .limit(limit)
      .lean<LedgerRecord[]>()
      .exec();
    return rows.map((r) => this.entryOf(r));
  }

  async byKeys(keys: string[]): Promise<OutboxEntry[]> {
    const records = await unpublishedByCommandIds<LedgerRecord>(this.model.collection, keys);
    return records.filter((r) => SAGA_KINDS.includes(r.kind)).map((r) => this.entryOf(r));
  }

  markPublished(keys: string[]): Promise<void> {
    return markPublishedByCommandIds(this.model.collection, keys);
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
