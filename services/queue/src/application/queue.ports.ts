import type { TokenClaims, TokenState } from '../domain/queue-token';

/** The queue's Redis state. Every method is one atomic script, so replicas never race each other. */
export interface QueueStore {
  /**
   * The user's live token of the concert, or a new one at the back of the line (`candidateTokenId`),
   * with the store's time of its join (the token's `exp` is derived from it).
   */
  issue(concertCode: string, userId: string, candidateTokenId: string): Promise<{ tokenId: string; created: boolean; issuedAtMs: number; state: TokenState }>;
  /**
   * Current state; for a WAITING token this counts as a poll and moves its abandonment deadline. In a
   * sold-out concert a live token answers SOLD_OUT and ends (so does `issue`, creating nothing).
   * `userId` is the token's subject: state owned by anyone else answers FOREIGN (so in peek and end).
   */
  poll(concertCode: string, tokenId: string, userId: string): Promise<TokenState>;
  /** Current state without side effects. */
  peek(concertCode: string, tokenId: string, userId: string): Promise<TokenState>;
  /** Ends the token wherever it is. Without `userId` (the payment saga, by token id) the owner is not checked. */
  end(concertCode: string, tokenId: string, userId?: string): Promise<EndResult>;
  /** Expires, abandons and admits in every concert that has a queue (the admission loop's tick). */
  admitEverywhere(): Promise<QueueLoad[]>;
  /** Sets (for `ttlMs`) or clears the concert's sold-out flag, which the scripts obey. */
  recordSoldOut(concertCode: string, soldOut: boolean, ttlMs: number): Promise<void>;
  /** Keeps the last known flag, if any, for another `ttlMs` (the concert service did not answer). */
  extendSoldOut(concertCode: string, ttlMs: number): Promise<void>;
}

export type EndResult = 'ended' | 'gone' | 'foreign';

/** How many fans a concert's queue holds after an admission step. */
export interface QueueLoad {
  concertCode: string;
  waiting: number;
  active: number;
  /** Admissions within the policy's rate window: the measured admission rate that wait estimates use. */
  admitsInRateWindow: number;
  /** Admissions (by any replica, in any script) since this replica's previous admission step; 0 on the first. */
  admittedSinceLastStep: number;
}

/** Signs and verifies queue tokens. `verify` throws INVALID_TOKEN for anything not signed by a known key. */
export interface TokenCodec {
  sign(claims: TokenClaims): Promise<string>;
  verify(token: string): Promise<TokenClaims>;
  newTokenId(): string;
}
