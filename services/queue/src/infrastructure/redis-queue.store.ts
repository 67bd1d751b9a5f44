import { createClient, defineScript, type CommandParser } from 'redis';
import { knownError, withDeadline } from '@concert/errors';
import type { Logger } from '@concert/logger';
import type { EndResult, QueueLoad, QueueStore } from '../application/queue.ports';
import type { QueuePolicy } from '../domain/queue-policy';
import type { TokenState } from '../domain/queue-token';
import { ADMIT_LUA, END_LUA, ISSUE_LUA, KEY_NAMES, PEEK_LUA, POLL_LUA, UNREGISTER_LUA } from './queue.lua';

type Reply = (string | number)[];

const queueScript = (lua: string, readOnly = false) =>
  defineScript({
    SCRIPT: lua,
    NUMBER_OF_KEYS: KEY_NAMES.length,
    IS_READ_ONLY: readOnly,
    parseCommand(parser: CommandParser, keys: string[], args: string[]) {
      parser.pushKeys(keys);
      parser.push(...args);
    },
    transformReply: undefined as unknown as () => Reply,
  });

const SCRIPTS = {
  queueIssue: queueScript(ISSUE_LUA),
  queuePoll: queueScript(POLL_LUA),
  queuePeek: queueScript(PEEK_LUA, true),
  queueEnd: queueScript(END_LUA),
  queueAdmit: queueScript(ADMIT_LUA),
  queueUnregister: defineScript({
    SCRIPT: UNREGISTER_LUA,
    NUMBER_OF_KEYS: 1,
    parseCommand(parser: CommandParser, registry: string, concert: string, score: string) {
      parser.pushKey(registry);
      parser.push(concert, score);
    },
    transformReply: undefined as unknown as () => number,
  }),
};

// A replica re-registers each concert it serves at least this often, even when its joins found the
// concert registered: insurance against a registration that failed after its join's script ran.
const REREGISTER_EVERY_MS = 5_000;

/** How long one Redis call may take before its caller hears SERVICE_UNAVAILABLE. */
export const REDIS_COMMAND_TIMEOUT_MS = 5_000;

/** The Redis store of every concert's queue. `prefix` namespaces all keys (one per deployment or test). */
export class RedisQueueStore implements QueueStore {
  private readonly policyArgs: string[];
  private readonly redis;
  private readonly registeredAt = new Map<string, number>();
  /** Per concert, the bound (Redis time, ms) of this replica's last admission step: admissions after it are not counted yet. */
  private readonly admitStepAt = new Map<string, string>();
  /**
   * Redis time of this replica's first admission step: a concert's first step counts admissions since
   * then (a queue that opens later is counted from its first fan; one that was open already when the
   * replica started is not counted again, which a restarted counter would show as a burst).
   */
  private firstStepAt: string | null = null;

  private constructor(
    url: string,
    policy: QueuePolicy,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {
    // Every call has a deadline (see `bounded`), so a hung Redis fails the admission loop's tick (it
    // tries again next interval) instead of stopping it. It is generous: under a join burst replies
    // queue up behind each other for a while, and a gRPC caller's own deadline (shorter) bounds its wait.
    this.redis = createClient({ url, scripts: SCRIPTS, socket: { noDelay: true, keepAlive: true, connectTimeout: 5_000 } });
    // Without a listener a connection error would crash the process; the client reconnects by itself.
    this.redis.on('error', (error: unknown) => logger.warn({ err: error }, 'redis connection error'));
    this.policyArgs = [
      policy.maxActive,
      policy.activeTtlMs,
      policy.abandonAfterMs,
      policy.rateWindowMs,
      policy.pollBudgetPerSecond,
      policy.minPollSeconds,
      policy.maxWaitMs,
      policy.tokenGraceMs,
    ].map(String);
  }

  /**
   * A Redis call that gives up after REDIS_COMMAND_TIMEOUT_MS, and an unreachable Redis: both retryable
   * SERVICE_UNAVAILABLE (node-redis's own command timeout stops once a command is on the wire).
   */
  private async bounded<T>(call: Promise<T>): Promise<T> {
    try {
      return await withDeadline(call, REDIS_COMMAND_TIMEOUT_MS, 'queue store');
    } catch (error) {
      throw knownError(error) ?? error;
    }
  }

  static async connect(url: string, policy: QueuePolicy, prefix: string, logger: Logger): Promise<RedisQueueStore> {
    const store = new RedisQueueStore(url, policy, prefix, logger);
    await store.redis.connect();
    return store;
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }

  /** The concerts the admission loop visits; outside any concert's hash slot on purpose. */
  get registryKey(): string {
    return `${this.prefix}:concerts`;
  }

  keysOf(concertCode: string): string[] {
    return KEY_NAMES.map((name) => `${this.prefix}:{${concertCode}}:${name}`);
  }

  async issue(concertCode: string, userId: string, candidateTokenId: string) {
    const reply = await this.bounded(this.redis.queueIssue(this.keysOf(concertCode), [...this.policyArgs, userId, candidateTokenId]));
    const state = toState(reply.slice(4));
    // Registered after the script, so the loop's idle check can never unregister a queue it has not
    // seen (ZINCRBY changes the score its unregister compares). Only a join into an idle concert must
    // do it; the registry lives outside the concert's hash slot, so it cannot be part of the script.
    const now = Date.now();
    if (state.kind !== 'SOLD_OUT' && (Number(reply[2]) === 1 || (this.registeredAt.get(concertCode) ?? 0) + REREGISTER_EVERY_MS < now)) {
      await this.bounded(this.redis.zIncrBy(this.registryKey, 1, concertCode));
      this.registeredAt.set(concertCode, now);
    }
    return { tokenId: String(reply[0]), created: Number(reply[1]) === 1, issuedAtMs: Number(reply[3]), state };
  }

  async poll(concertCode: string, tokenId: string, userId: string): Promise<TokenState> {
    return toState(await this.bounded(this.redis.queuePoll(this.keysOf(concertCode), [...this.policyArgs, tokenId, userId])));
  }

  async peek(concertCode: string, tokenId: string, userId: string): Promise<TokenState> {
    return toState(await this.bounded(this.redis.queuePeek(this.keysOf(concertCode), [...this.policyArgs, tokenId, userId])));
  }

  async end(concertCode: string, tokenId: string, userId = ''): Promise<EndResult> {
    const reply = Number(await this.bounded(this.redis.queueEnd(this.keysOf(concertCode), [...this.policyArgs, tokenId, userId])));
    return reply === 1 ? 'ended' : reply === -1 ? 'foreign' : 'gone';
  }

  async admitEverywhere(): Promise<QueueLoad[]> {
    this.firstStepAt ??= await this.redisNowMs();
    const entries = await this.bounded(this.redis.zRangeWithScores(this.registryKey, 0, -1));
    const loads: QueueLoad[] = [];
    for (const { value: concertCode, score } of entries) {
      const since = this.admitStepAt.get(concertCode) ?? this.firstStepAt!;
      const reply = (await this.bounded(this.redis.queueAdmit(this.keysOf(concertCode), [...this.policyArgs, since]))).map(Number);
      const [admitted, waiting, active, admitsInRateWindow, admittedSinceLastStep, bound] = reply as [number, number, number, number, number, number];
      this.admitStepAt.set(concertCode, String(bound));
      if (admitted) this.logger.debug({ concertCode, admitted, waiting, active }, 'admitted');
      if (waiting === 0 && active === 0) await this.bounded(this.redis.queueUnregister(this.registryKey, concertCode, String(score)));
      loads.push({ concertCode, waiting, active, admitsInRateWindow, admittedSinceLastStep });
    }
    return loads;
  }

  private async redisNowMs(): Promise<string> {
    const [seconds, micros] = (await this.redis.sendCommand(['TIME'])) as [string, string];
    // Minus 1: an admission in this same millisecond comes after this look, so it must count.
    return String(Number(seconds) * 1000 + Math.floor(Number(micros) / 1000) - 1);
  }

  async recordSoldOut(concertCode: string, soldOut: boolean, ttlMs: number): Promise<void> {
    const key = this.soldOutKey(concertCode);
    if (soldOut) await this.bounded(this.redis.set(key, '1', { expiration: { type: 'PX', value: ttlMs } }));
    else await this.bounded(this.redis.del(key));
  }

  async extendSoldOut(concertCode: string, ttlMs: number): Promise<void> {
    await this.bounded(this.redis.pExpire(this.soldOutKey(concertCode), ttlMs));
  }

  private soldOutKey(concertCode: string): string {
    return this.keysOf(concertCode)[KEY_NAMES.indexOf('soldout')]!;
  }
}

function toState(reply: Reply): TokenState {
  const [kind, ...rest] = reply;
  const n = rest.map(Number);
  if (kind === 'ACTIVE') return { kind, activeUntilMs: n[0]! };
  if (kind === 'WAITING') return { kind, position: n[0]!, waitingCount: n[1]!, pollAfterSeconds: n[2]!, admitsInWindow: n[3]! };
  if (kind === 'SOLD_OUT' || kind === 'FOREIGN') return { kind };
  return { kind: 'GONE', endedWithinGrace: n[0] === 1 };
}
