import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * A user key proves who acts for a user without a queue token. Keys are high-entropy random strings
 * (256 bits), so one unsalted SHA-256 is enough to keep a stolen ledger from giving keys away: there is
 * no dictionary to try. Only the hash is stored.
 */
export const USER_KEY_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

export const hashUserKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('base64url');

/**
 * Compares hashes, never the keys, and in constant time: the time taken says nothing about how much of
 * a guess was right. A user without a stored hash (opened before keys existed) matches no key.
 */
export function userKeyMatches(storedHash: string | undefined, presented: string): boolean {
  if (!storedHash || !presented) return false;
  const expected = Buffer.from(storedHash, 'base64url');
  const given = createHash('sha256').update(presented, 'utf8').digest();
  return expected.length === given.length && timingSafeEqual(expected, given);
}
