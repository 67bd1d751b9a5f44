import type { AsyncHandlers } from '@concert/grpc-kit';
import type { Logger } from '@concert/logger';
import type { LedgerEntry } from '@concert/protos/generated/wallet/v1/LedgerEntry';
import type { WalletServiceHandlers } from '@concert/protos/generated/wallet/v1/WalletService';
import type { Outcome, WalletUseCases } from '../application/wallet.use-cases';
import type { LedgerRecord } from '../domain/ledger';
import { insufficientBalance } from '../domain/wallet.errors';

/** wallet.v1.WalletService over the use cases; one log line per ledger effect (or replay). */
export function walletHandlers(wallet: WalletUseCases, logger: Logger): AsyncHandlers<WalletServiceHandlers> {
  const log = (what: string, { record, replayed }: Outcome) =>
    logger.info(
      { userId: record.userId, kind: record.kind, version: record.version, amount: record.amount, balance: record.balance, sagaId: record.sagaId },
      `${what} ${replayed ? 'replayed' : 'applied'}`,
    );

  return {
    async CreateUser(request) {
      const outcome = await wallet.createUser(request.userId || undefined, request.userKey || undefined);
      // The log line names the user, never the key.
      log('user creation', outcome);
      return { userId: outcome.record.userId, createdAt: outcome.record.createdAt.toISOString(), userKey: outcome.userKey ?? '' };
    },
    async GetUser(request) {
      const opening = await wallet.getUser(request.userId);
      return { userId: opening.userId, createdAt: opening.createdAt.toISOString() };
    },
    async VerifyUserKey(request) {
      const user = await wallet.verifyUserKey(request.userId, request.userKey);
      return { userId: user.userId, createdAt: user.createdAt.toISOString() };
    },
    async GetBalance(request) {
      return { userId: request.userId, balance: await wallet.getBalance(request.userId, { advisory: request.advisory }) };
    },
    async Charge(request, call) {
      const outcome = await wallet.charge({
        userId: request.userId,
        amount: request.amount,
        idempotencyKey: request.idempotencyKey || undefined,
        deadline: call.deadline,
      });
      log('charge', outcome);
      return { userId: request.userId, balance: outcome.record.balance };
    },
    async Debit(request, call) {
      const outcome = await wallet.debit({ ...request, deadline: call.deadline });
      log('debit', outcome);
      // The rejection is a record (so a replay rejects the same way) and, to the caller, an error.
      if (outcome.record.kind === 'DEBIT_REJECTED') throw insufficientBalance(outcome.record.balance, outcome.record.amount);
      return entry(outcome.record, request.commandId);
    },
    async Refund(request, call) {
      const outcome = await wallet.refund({ ...request, deadline: call.deadline });
      log('refund', outcome);
      return entry(outcome.record, request.commandId);
    },
  };
}

function entry(record: LedgerRecord, commandId: string): LedgerEntry {
  return {
    userId: record.userId,
    version: record.version,
    kind: record.kind,
    amount: record.amount,
    balance: record.balance,
    commandId,
    createdAt: record.createdAt.toISOString(),
  };
}
