import { randomBytes } from 'node:crypto';
import { configSchema } from './config';

const strong = () => randomBytes(32).toString('base64url');
const production = () => ({ NODE_ENV: 'production', GRPC_SHARED_SECRET: strong() });
const issuesOf = (env: Record<string, string>) => configSchema.safeParse(env).error?.issues.map((i) => `${i.path.join('.')} ${i.message}`) ?? [];

describe('queue config in production', () => {
  it('starts with strong signing keys', () => {
    expect(issuesOf({ ...production(), TOKEN_SIGNING_KEYS: `k1=${strong()},k2=${strong()}` })).toEqual([]);
  });

  it('refuses the development key, alone or beside a strong one, under any key id', () => {
    const dev = 'dev-only-queue-token-key-do-not-use-in-production';
    expect(issuesOf(production())).toEqual([expect.stringMatching(/^TOKEN_SIGNING_KEYS key dev is a development/)]);
    expect(issuesOf({ ...production(), TOKEN_SIGNING_KEYS: `k1=${strong()},old=${dev}` })).toEqual([
      expect.stringMatching(/^TOKEN_SIGNING_KEYS key old is a development/),
    ]);
  });

  it('refuses low-entropy keys and the example file placeholder', () => {
    expect(issuesOf({ ...production(), TOKEN_SIGNING_KEYS: `k1=${'secret'.repeat(8)}` })).toEqual([
      expect.stringMatching(/key k1 is too guessable/),
    ]);
    expect(issuesOf({ ...production(), TOKEN_SIGNING_KEYS: 'k1=<32 random bytes as base64 from openssl rand -base64 32>' })).toEqual([
      expect.stringMatching(/key k1 is a placeholder/),
    ]);
  });

  it('keeps the development key outside production', () => {
    expect(issuesOf({})).toEqual([]);
  });
});
