import { MalformedMessage, SAGA_MESSAGES, type MessageEnvelope, type ParticipantWiring, type WalletCommand, type WalletOutcome } from '@concert/amqp-kit';
import { isDefiniteAnswer } from '@concert/errors';
import type { WalletUseCases } from '../application/wallet.use-cases';
import type { LedgerKind, LedgerRecord } from '../domain/ledger';

const ANSWER_OF: Partial<Record<LedgerKind, string>> = {
  DEBITED: SAGA_MESSAGES.walletDebited,
  DEBIT_REJECTED: SAGA_MESSAGES.walletDebitRejected,
  REFUNDED: SAGA_MESSAGES.walletRefunded,
};

/**
 * wallet.debit.v1 / wallet.refund.v1 from the payment saga. The ledger record a command appends
 * carries its command id, so a redelivery has no second effect and finds the same record; the answer
 * is published (confirmed) before the command is acked, so a crash in between only means the
 * redelivered command publishes it again. A debit the balance cannot cover is an outcome
 * (DEBIT_REJECTED is recorded), not a failure.
 */
export function walletCommandsHandler(wallet: WalletUseCases, wiring: Pick<ParticipantWiring, 'reply'>) {
  return async (envelope: MessageEnvelope): Promise<void> => {
    const payload = (envelope.payload ?? {}) as Partial<WalletCommand>;
    const command = {
      userId: String(payload.userId ?? ''),
      amount: Number(payload.amount),
      commandId: String(payload.commandId ?? ''),
      sagaId: envelope.sagaId,
    };
    const isDebit = envelope.type === SAGA_MESSAGES.debitWallet;
    if (!isDebit && envelope.type !== SAGA_MESSAGES.refundWallet) throw new MalformedMessage(`unexpected message type ${envelope.type}`);
    const answer: WalletOutcome = { commandId: command.commandId, userId: command.userId, amount: command.amount, balance: 0, reason: '' };
    let type: string;
    try {
      const { record } = await (isDebit ? wallet.debit(command) : wallet.refund(command));
      type = ANSWER_OF[record.kind]!;
      answer.balance = record.balance;
      answer.reason = rejectionOf(record);
    } catch (error) {
      if (!isDefiniteAnswer(error)) throw error;
      type = isDebit ? SAGA_MESSAGES.walletDebitRejected : SAGA_MESSAGES.walletRefundRejected;
      answer.reason = error.code;
    }
    await wiring.reply(type, envelope, answer);
  };
}

const rejectionOf = (record: LedgerRecord) => (record.kind === 'DEBIT_REJECTED' ? 'INSUFFICIENT_BALANCE' : '');
