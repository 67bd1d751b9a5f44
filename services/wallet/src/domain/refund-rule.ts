import type { LedgerRecord } from './ledger';
import { noDebitToRefund, refundNotOfDebit } from './wallet.errors';

export type RefundDecision =
  /** The saga's refund is already recorded: answer with it, whatever command id asks again. */
  | { act: 'answer'; record: LedgerRecord }
  /** Give back this debit; the refund's command id is derived from it, so a second one loses the insert. */
  | { act: 'refund'; debit: LedgerRecord; commandId: string };

/**
 * A refund gives back the saga's own recorded debit, in full and at most once: a refund without a
 * DEBITED of that saga and user (never debited, or the debit was rejected) is refused, since crediting
 * it would create money. Once per saga rests on the unique command id `refund:<debit's command id>`:
 * two refund commands of one saga, even under different ids and in different processes, insert the
 * same id, and the loser finds the winner's record.
 */
export function decideRefund(sagaRecords: LedgerRecord[], sagaId: string, amount: number): RefundDecision {
  const done = sagaRecords.find((r) => r.kind === 'REFUNDED');
  if (done) {
    if (done.amount !== amount) throw refundNotOfDebit(done.amount, amount);
    return { act: 'answer', record: done };
  }
  const debit = sagaId ? sagaRecords.find((r) => r.kind === 'DEBITED') : undefined;
  if (!debit) throw noDebitToRefund(sagaId);
  if (debit.amount !== amount) throw refundNotOfDebit(debit.amount, amount);
  return { act: 'refund', debit, commandId: `refund:${debit.commandId}` };
}
