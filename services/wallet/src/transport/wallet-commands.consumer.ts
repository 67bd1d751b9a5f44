import { SAGA_MESSAGES, type MessageEnvelope, type WalletCommand, type WalletOutcome } from '@concert/amqp-kit';
import { isDefiniteAnswer } from '@concert/errors';
import type { WalletUseCases } from '../application/wallet.use-cases';
import type { LedgerRecord } from '../domain/ledger';

export interface WalletCommandWiring {
  /** A saga record was stored (or a replay found it): have the outbox relay publish it now, from memory. */
  stored(record: LedgerRecord): void;
  /** Answers a command that left no ledger record (e.g. USER_NOT_FOUND) with a rejection. */
  reject(type: string, envelope: MessageEnvelope, outcome: WalletOutcome): Promise<void>;
}

/**
 * wallet.debit.v1 / wallet.refund.v1 from the payment saga. The ledger stores the outcome under the
 * command id (so a redelivery has no second effect) and the outbox relay publishes it; the message
 * is acked once the record is stored. A debit the balance cannot cover is an outcome (DEBIT_REJECTED
 * is recorded), not a failure.
 */
export function walletCommandsHandler(wallet: WalletUseCases, wiring: WalletCommandWiring) {
  return async (envelope: MessageEnvelope): Promise<void> => {
    const payload = (envelope.payload ?? {}) as Partial<WalletCommand>;
    const command = {
      userId: String(payload.userId ?? ''),
      amount: Number(payload.amount),
      commandId: String(payload.commandId ?? ''),
      sagaId: envelope.sagaId,
    };
    const isDebit = envelope.type === SAGA_MESSAGES.debitWallet;
    if (!isDebit && envelope.type !== SAGA_MESSAGES.refundWallet) throw new Error(`unexpected message type ${envelope.type}`);
    let stored: LedgerRecord;
    try {
      stored = (await (isDebit ? wallet.debit(command) : wallet.refund(command))).record;
    } catch (error) {
      if (!isDefiniteAnswer(error)) throw error;
      const type = isDebit ? SAGA_MESSAGES.walletDebitRejected : SAGA_MESSAGES.walletRefundRejected;
      await wiring.reject(type, envelope, { commandId: command.commandId, userId: command.userId, amount: command.amount, balance: 0, reason: error.code });
      return;
    }
    wiring.stored(stored);
  };
}
