import { randomBytes } from 'node:crypto';
import { estimatedBits, KNOWN_NON_SECRETS, productionSecretProblem } from './secret-strength';

describe('productionSecretProblem', () => {
  it('accepts random keys in the usual encodings', () => {
    for (let i = 0; i < 200; i++) {
      expect(productionSecretProblem(randomBytes(32).toString('base64'))).toBeNull();
      expect(productionSecretProblem(randomBytes(32).toString('base64url'))).toBeNull();
      expect(productionSecretProblem(randomBytes(32).toString('hex'))).toBeNull();
    }
  });

  it('refuses every development and example value of the repository', () => {
    for (const value of KNOWN_NON_SECRETS) expect(productionSecretProblem(value)).toMatch(/development or example/);
  });

  it('refuses placeholders and guessable shapes', () => {
    expect(productionSecretProblem('<paste 32 random bytes here, base64>')).toMatch(/placeholder/);
    expect(productionSecretProblem('a'.repeat(64))).toMatch(/guessable/);
    expect(productionSecretProblem('abcd'.repeat(16))).toMatch(/guessable/);
    expect(productionSecretProblem('my-admin-password-2026')).toMatch(/guessable/);
  });

  it('estimates a uniform alphabet at log2 of its size per character', () => {
    expect(estimatedBits('0123456789abcdef')).toBeCloseTo(64);
  });
});
