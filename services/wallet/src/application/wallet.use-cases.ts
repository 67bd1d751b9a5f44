import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { currentCorrelation } from '@concert/logger';
import { retryOnConflict, StreamTurns, type TurnLimits } from '@concert/stream-store';
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
import { decideRefund } from '../domain/refund-rule';
import { hashUserKey, USER_KEY_PATTERN, userKeyMatches } from '../domain/user-key';
import { invalidArgument, invalidUserKey, serviceBusy, userNotFound } from '../domain/wallet.errors';
import { KnownUsers, type KnownUser } from './known-users';
import { LedgerHeads } from './ledger-heads';
import type { AppendResult, LedgerStore } from './ledger.port';
import { singleFlight } from './single-flight';

export interface Outcome {
  record: LedgerRecord;
  /** True when the command had already been applied and this is its first answer again. */
  replayed: boolean;
}

/** A new user's key is shown once, in this answer; a replayed creation has none to show. */
export interface CreatedUser extends Outcome {
  userKey?: string;
}

/** When the caller stops waiting (epoch ms); a command still queued then is dropped, never applied. */
interface CallerDeadline {
  deadline?: number;
}

export interface ChargeCommand extends CallerDeadline {
  userId: string;
  amount: number;
  idempotencyKey?: string;
}

export interface SagaCommand extends CallerDeadline {
  userId: string;
  amount: number;
  commandId: string;
  sagaId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Bounds of what one process keeps in memory; KnownUsers and LedgerHeads say why each is safe.
 * balanceFreshMs: 2 s, because only another replica's appends can be missed, and only within it
 * (production runs one wallet replica; a user's own charge through this replica always shows); the
 * payment pre-check is advisory and the debit decides on the unique insert, never on this.
 */
export interface WalletMemory {
  knownUsers: number;
  heads: number;
  /** How old a head may be to answer GetBalance (another replica may have appended meanwhile). */
  balanceFreshMs: number;
}

export const DEFAULT_MEMORY: WalletMemory = { knownUsers: 1_000_000, heads: 100_000, balanceFreshMs: 2_000 };

/**
 * A user's commands take turns in this process (StreamTurns says why that is safe to bound). 200
 * waiting is far more than one fan sends; a flood beyond it is refused at once (SERVICE_BUSY, which a
 * client retries and a saga command is redelivered for) instead of queueing memory and delaying the
 * user's debit past its saga's deadline. A command waits 5 s at most, and one hung store call stops
 * blocking its user after 3 s.
 */
export const DEFAULT_USER_TURNS: TurnLimits = { maxWaiting: 200, maxWaitMs: 5_000, maxTurnMs: 3_000 };

/**
 * Every mutation is: take the head (known in memory, else read), decide with the pure domain, insert
 * version + 1. A lost race (duplicate key) forgets the head and re-runs the attempt, which reads it;
 * a command id that already caused a record answers with it.
 */
export function walletUseCases(
  store: LedgerStore,
  clock: () => Date = () => new Date(),
  memory: WalletMemory = DEFAULT_MEMORY,
  userTurns: TurnLimits = DEFAULT_USER_TURNS,
) {
  const users = new KnownUsers((userId) => store.opening(userId), memory.knownUsers);
  const heads = new LedgerHeads(memory.heads, memory.balanceFreshMs);
  const sharedHeadRead = singleFlight<LedgerRecord | null>();
  const turns = new StreamTurns(userTurns, (reason) => serviceBusy(reason));

  /** Reads the head from the store (one query for concurrent readers of a user) and keeps it. */
  function readHead(userId: string): Promise<LedgerRecord | null> {
    return sharedHeadRead(userId, async () => {
      const at = heads.stamp();
      const head = await store.head(userId);
      if (head) heads.remember(head, at);
      return head;
    });
  }

  async function appendAfterHead(
    userId: string,
    decide: (head: LedgerRecord) => LedgerRecord,
    replay: (existing: LedgerRecord) => void,
    freshCommandId = false,
    deadline?: number,
  ): Promise<Outcome> {
    const attempt = async (): Promise<Outcome> => {
      const head = heads.known(userId) ?? (await readHead(userId));
      if (!head) throw userNotFound(userId);
      const record = decide(head);
      const at = heads.stamp();
      let result: AppendResult;
      try {
        result = await store.append(record, { freshCommandId });
      } catch (error) {
        // Lost to another writer (or failed): the next attempt must read the real head.
        heads.forget(userId);
        throw error;
      }
      if (result.appended) {
        heads.remember(record, at);
        return { record, replayed: false };
      }
      // The store cannot say which unique index refused the insert, so the head is in doubt too.
      heads.forget(userId);
      replay(result.existing);
      return { record: result.existing, replayed: true };
    };
    return turns.run(userId, () => retryOnConflict(attempt), deadline);
  }

  return {
    /**
     * Opens a wallet and makes the user's key (256 random bits; only its hash is stored). With an
     * explicit id and key (demo data) a repeat answers the same user, without a key to show.
     */
    async createUser(requestedId?: string, requestedKey?: string): Promise<CreatedUser> {
      const userId = requestedId ? requestedId.toLowerCase() : randomUUID();
      if (!UUID.test(userId)) throw invalidArgument('user_id must be a UUID');
      if (requestedKey !== undefined && !USER_KEY_PATTERN.test(requestedKey)) throw invalidArgument('user_key must be 16-128 of A-Z a-z 0-9 - _');
      const userKey = requestedKey ?? randomBytes(32).toString('base64url');
      const record = opened(userId, `open:${userId}`, clock(), hashUserKey(userKey));
      const at = heads.stamp();
      const result = await store.append(record);
      if (result.appended) {
        users.remember(record);
        heads.remember(record, at);
        return { record, replayed: false, userKey };
      }
      users.remember(result.existing);
      return { record: result.existing, replayed: true };
    },

    /** Answered from memory once this process has seen the user: users are never deleted. */
    async getUser(userId: string): Promise<KnownUser> {
      const user = await users.find(userId);
      if (!user) throw userNotFound(userId);
      return user;
    },

    /**
     * USER_NOT_FOUND first (an unknown id is not a key problem), then the key against the hash kept
     * with the known user: after this process has seen the user once, no store read.
     */
    async verifyUserKey(userId: string, userKey: string): Promise<KnownUser> {
      const user = await users.find(userId);
      if (!user) throw userNotFound(userId);
      if (!userKeyMatches(user.keyHash, userKey)) throw invalidUserKey();
      return user;
    },

    /** From a head this process wrote or read within balanceFreshMs; otherwise read. */
    /**
     * The stored head's balance; `advisory` (a pre-check) takes a head this process saw within
     * balanceFreshMs instead, which may miss another replica's appends of that window.
     */
    async getBalance(userId: string, { advisory = false } = {}): Promise<number> {
      const head = (advisory ? heads.fresh(userId) : undefined) ?? (await readHead(userId));
      if (!head) throw userNotFound(userId);
      return head.balance;
    },

    /** With an idempotency key the command id is derived from (user, key): a repeat finds the first charge. */
    async charge({ userId, amount, idempotencyKey, deadline }: ChargeCommand): Promise<Outcome> {
      assertChargeAmount(amount);
      const commandId = idempotencyKey ? chargeCommandId(userId, idempotencyKey) : `charge:${randomUUID()}`;
      return appendAfterHead(
        userId,
        (head) => charged(head, amount, commandId, clock()),
        (existing) => assertSameCommand(existing, { userId, amount, kinds: ['CHARGED'] }),
        !idempotencyKey,
        deadline,
      );
    },

    /** Records DEBITED, or DEBIT_REJECTED when the balance does not cover it; a replay answers the same. */
    async debit(command: SagaCommand): Promise<Outcome> {
      return sagaAppend(command, 'debit', ['DEBITED', 'DEBIT_REJECTED'], (head, commandId, saga) =>
        debited(head, command.amount, commandId, saga, clock()),
      );
    },

    /** Gives back the saga's recorded debit, once (domain/refund-rule); anything else is refused. */
    async refund(command: SagaCommand): Promise<Outcome> {
      assertSagaAmount(command.amount);
      if (!command.commandId) throw invalidArgument('command_id is required');
      const saga = sagaOf(command);
      const decision = decideRefund(await store.sagaRecords(command.userId, saga.sagaId), saga.sagaId, command.amount);
      if (decision.act === 'answer') return { record: decision.record, replayed: true };
      return appendAfterHead(
        command.userId,
        (head) => refunded(head, command.amount, decision.commandId, saga, clock()),
        (existing) => assertSameCommand(existing, { userId: command.userId, amount: command.amount, kinds: ['REFUNDED'] }),
        false,
        command.deadline,
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
    const saga = sagaOf(command);
    // Namespaced so that a debit and a refund can never answer for each other.
    const commandId = `${namespace}:${command.commandId}`;
    return appendAfterHead(
      command.userId,
      (head) => decide(head, commandId, saga),
      (existing) => assertSameCommand(existing, { userId: command.userId, amount: command.amount, kinds }),
      false,
      command.deadline,
    );
  }
}

function sagaOf(command: SagaCommand): SagaContext {
  const correlation = currentCorrelation();
  return { sagaId: command.sagaId || correlation.sagaId || '', correlationId: correlation.requestId || null };
}

export type WalletUseCases = ReturnType<typeof walletUseCases>;

/** Hashed so that any client key gives a bounded, index-friendly id. */
const chargeCommandId = (userId: string, key: string) =>
  `charge:${userId}:${createHash('sha256').update(key).digest('base64url')}`;
