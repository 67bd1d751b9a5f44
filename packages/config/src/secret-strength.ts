/**
 * Whether a secret is fit for production: not one of the values this repository ships for development
 * and examples (under any key id), not a placeholder, and not guessable by its shape. The strength is a
 * Shannon estimate over the secret's own characters, and a repeated pattern (which Shannon misses) is
 * caught by how few of its three-character windows differ. Both are cheap heuristics that refuse the
 * usual slips without refusing real random keys: 32 random bytes in base64 estimate about 200 bits, in
 * hex about 240; 16 in hex about 115.
 */

/** The development and example values this repository contains; production refuses them everywhere. */
export const KNOWN_NON_SECRETS: readonly string[] = [
  'dev-only-queue-token-key-do-not-use-in-production',
  'local-admin-token-change-me',
  'test-admin-token-0123456789',
];

export const MIN_SECRET_BITS = 100;

export function estimatedBits(secret: string): number {
  const counts = new Map<string, number>();
  for (const char of secret) counts.set(char, (counts.get(char) ?? 0) + 1);
  const length = [...secret].length;
  let perChar = 0;
  for (const count of counts.values()) {
    const p = count / length;
    perChar -= p * Math.log2(p);
  }
  return perChar * length;
}

/** Share of the secret's three-character windows that occur once: near 1 for random text. */
export function distinctTrigramShare(secret: string): number {
  const chars = [...secret];
  if (chars.length < 3) return 0;
  const windows = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) windows.add(chars.slice(i, i + 3).join(''));
  return windows.size / (chars.length - 2);
}

/** Why `secret` must not be used in production, or null when it may. Never mentions the value itself. */
export function productionSecretProblem(secret: string): string | null {
  if (KNOWN_NON_SECRETS.includes(secret)) return 'is a development or example value from this repository';
  if (/[\s<>]/.test(secret)) return 'is a placeholder (contains spaces or angle brackets)';
  if (estimatedBits(secret) < MIN_SECRET_BITS || distinctTrigramShare(secret) < 0.75) return `is too guessable (needs about ${MIN_SECRET_BITS} bits: e.g. 32 random bytes, base64)`;
  return null;
}
