import { DomainError } from '@concert/errors';
import type { WalletPort } from './wallet.port';

/**
 * Proves that the caller acts for `userId` (routes 1-1, 4-1, 4-2): the user must exist (USER_NOT_FOUND
 * first: an unknown id is not a key problem), then `userKey` must be the user's (INVALID_USER_KEY).
 */
export type UserKeyCheck = (userId: string, userKey: string | undefined) => Promise<void>;

/** Far longer than any key we issue (43 characters); a longer one is wrong without asking the wallet to hash it. */
const MAX_KEY_LENGTH = 256;

export const invalidUserKey = () => new DomainError('INVALID_USER_KEY', 'unauthenticated', 'the user key is missing or wrong');

/**
 * `required: false` is USER_KEYS=off, the seed's keyless API for demos: only existence is checked.
 * The wallet compares the key (it holds the hash); a missing or oversized key still asks whether the
 * user exists, so the answer's order is the same for every key.
 */
export function userKeyCheck(wallet: Pick<WalletPort, 'getUser' | 'verifyUserKey'>, required: boolean): UserKeyCheck {
  return async (userId, userKey) => {
    if (!required) {
      await wallet.getUser(userId);
      return;
    }
    if (!userKey || userKey.length > MAX_KEY_LENGTH) {
      await wallet.getUser(userId);
      throw invalidUserKey();
    }
    await wallet.verifyUserKey(userId, userKey);
  };
}
