import { hashUserKey, userKeyMatches } from './user-key';

describe('user keys', () => {
  it('matches the key whose hash is stored, and nothing else', () => {
    const stored = hashUserKey('k'.repeat(43));
    expect(userKeyMatches(stored, 'k'.repeat(43))).toBe(true);
    expect(userKeyMatches(stored, 'k'.repeat(42))).toBe(false);
    expect(userKeyMatches(stored, '')).toBe(false);
    expect(userKeyMatches(undefined, 'k'.repeat(43))).toBe(false);
    expect(userKeyMatches('not-a-hash', 'k'.repeat(43))).toBe(false);
  });
});
