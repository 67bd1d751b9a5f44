import { createHash, randomUUID } from 'node:crypto';
import { currentCorrelation } from '@concert/logger';
import { retryOnConflict } from '@concert/stream-store';
import {
  assertChargeAmount,
  assertSagaAmount,
  assertSameCommand,
  charged,
  debited,
  opened,
  refunded,
  type LedgerKind,
  type LedgerRecord,
  type SagaContext,
} from '../domain/ledger';
import { invalidArgument, userNotFound } from '../domain/wallet.errors';
import { keyedSerializer } from './keyed-serializer';
import type { LedgerStore } from './ledger.port';

export interface Outcome {
  record: LedgerRecord;
  /** True when the command had already been applied and this is its first answer again. */
  replayed: boolean;
}

export interface ChargeCommand {
  userId: string;
  amount: number;
  idempotencyKey?: string;
}

export interface SagaCommand {
  userId: string;
  amount: number;
  commandId: string;
  sagaId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Every mutation is: read the head, decide with the pure domain, insert version + 1. A lost race
 * (duplicate key) re-runs the attempt; a command id that already caused a record answers with it.
 */
export function walletUseCases(store: LedgerStore, clock: () => Date = () => new Date()) {
  // The head this process last appended, kept only while more commands of that user are queued:
  // the next one can try its insert without a read. If another instance appended meanwhile, the
  // insert loses on the unique index and the retry reads the real head.
  const knownHeads = new Map<string, LedgerRecord>();
  const serialize = keyedSerializer((userId) => knownHeads.delete(userId));

  async function appendAfterHead(
    userId: string,
    decide: (head: LedgerRecord) => LedgerRecord,
    replay: (existing: LedgerRecord) => void,
    freshCommandId = false,
  ): Promise<Outcome> {
    const attempt = async (): Promise<Outcome> => {
      const cached = knownHeads.get(userId);
      knownHeads.delete(userId);
      const head = cached ?? (await store.head(userId));
      if (!head) throw userNotFound(userId);
      const record = decide(head);
      const result = await store.append(record, { freshCommandId });
      if (result.appended) {
        knownHeads.set(userId, record);
        return { record, replayed: false };
      }
      replay(result.existing);
      return { record: result.existing, replayed: true };
    };
    return serialize(userId, () => retryOnConflict(attempt));
  }

  return {
    /** Opens a wallet; with an explicit id (demo data) a repeat answers the same user. */
    async createUser(requestedId?: string): Promise<Outcome> {
      const userId = requestedId ? requestedId.toLowerCase() : randomUUID();
      if (!UUID.test(userId)) throw invalidArgument('user_id must be a UUID');
      const record = opened(userId, `open:${userId}`, clock());
      const result = await store.append(record);
      if (result.appended) return { record, replayed: false };
      return { record: result.existing, replayed: true };
    },

    async getUser(userId: string): Promise<LedgerRecord> {
      const opening = await store.opening(userId);
      if (!opening) throw userNotFound(userId);
      return opening;
    },

    async getBalance(userId: string): Promise<number> {
      const head = await store.head(userId);
      if (!head) throw userNotFound(userId);
      return head.balance;
    },

    /** With an idempotency key the command id is derived from (user, key): a repeat finds the first charge. */
    async charge({ userId, amount, idempotencyKey }: ChargeCommand): Promise<Outcome> {
      assertChargeAmount(amount);
      const commandId = idempotencyKey ? chargeCommandId(userId, idempotencyKey) : `charge:${randomUUID()}`;
      return appendAfterHead(
        userId,
        (head) => charged(head, amount, commandId, clock()),
        (existing) => assertSameCommand(existing, { userId, amount, kinds: ['CHARGED'] }),
        !idempotencyKey,
      );
    },

    /** Records DEBITED, or DEBIT_REJECTED when the balance does not cover it; a replay answers the same. */
    async debit(command: SagaCommand): Promise<Outcome> {
      return sagaAppend(command, 'debit', ['DEBITED', 'DEBIT_REJECTED'], (head, commandId, saga) =>
        debited(head, command.amount, commandId, saga, clock()),
      );
    },

    async refund(command: SagaCommand): Promise<Outcome> {
      return sagaAppend(command, 'refund', ['REFUNDED'], (head, commandId, saga) =>
        refunded(head, command.amount, commandId, saga, clock()),
      );
    },
  };

  function sagaAppend(
    command: SagaCommand,
    namespace: string,
    kinds: readonly LedgerKind[],
    decide: (head: LedgerRecord, commandId: string, saga: SagaContext) => LedgerRecord,
  ): Promise<Outcome> {
    assertSagaAmount(command.amount);
    if (!command.commandId) throw invalidArgument('command_id is required');
    const correlation = currentCorrelation();
    const saga: SagaContext = { sagaId: command.sagaId || correlation.sagaId || '', correlationId: correlation.requestId || null };
    // Namespaced so that a debit and a refund can never answer for each other.
    const commandId = `${namespace}:${command.commandId}`;
    return appendAfterHead(
      command.userId,
      (head) => decide(head, commandId, saga),
      (existing) => assertSameCommand(existing, { userId: command.userId, amount: command.amount, kinds }),
    );
  }
}

export type WalletUseCases = ReturnType<typeof walletUseCases>;

/** Hashed so that any client key gives a bounded, index-friendly id. */
const chargeCommandId = (userId: string, key: string) =>
  `charge:${userId}:${createHash('sha256').update(key).digest('base64url')}`;
