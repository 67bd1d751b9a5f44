import { QueueErrors } from './queue.errors';

/** What a signed queue token asserts; the server-side state decides whether it is still alive. */
export interface TokenClaims {
  userId: string;
  concertCode: string;
  tokenId: string;
  /** Epoch seconds (JWT `exp`) after which the token is refused whatever its state (tokenExpiresAtMs). */
  expiresAt: number;
}

/**
 * A token's state as the store sees it at one instant. GONE covers expired, used, left and abandoned.
 * SOLD_OUT is what a poll or join of a sold-out concert answers; the token is over after it (GONE).
 * FOREIGN: the live state of this token id belongs to another user than the token's subject.
 */
export type TokenState =
  | { kind: 'ACTIVE'; activeUntilMs: number }
  | { kind: 'WAITING'; position: number; waitingCount: number; pollAfterSeconds: number; admitsInWindow: number }
  | { kind: 'SOLD_OUT' }
  | { kind: 'FOREIGN' }
  /** endedWithinGrace: it ended at most tokenGraceMs ago, so a read route may still accept it. */
  | { kind: 'GONE'; endedWithinGrace: boolean };

// Concert codes end up inside Redis hash tags ({code}); braces or odd bytes would move keys to other slots.
const CONCERT_CODE = /^[A-Za-z0-9_-]{1,64}$/;
const USER_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function assertConcertCode(code: string): void {
  if (!CONCERT_CODE.test(code)) throw QueueErrors.validation('concert_code must be 1-64 letters, digits, "-" or "_"');
}

export function assertUserId(userId: string): void {
  if (!USER_ID.test(userId)) throw QueueErrors.validation('user_id must be 1-64 letters, digits, "-" or "_"');
}
