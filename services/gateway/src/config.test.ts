import { randomBytes } from 'node:crypto';
import { configSchema } from './config';

const issuesOf = (env: Record<string, string>) => configSchema.safeParse(env).error?.issues.map((i) => `${i.path.join('.')} ${i.message}`) ?? [];

describe('gateway config in production', () => {
  it('takes a strong admin token', () => {
    expect(issuesOf({ NODE_ENV: 'production', ADMIN_TOKEN: randomBytes(32).toString('base64') })).toEqual([]);
  });

  it('refuses the local and test admin tokens and guessable ones', () => {
    expect(issuesOf({ NODE_ENV: 'production', ADMIN_TOKEN: 'local-admin-token-change-me' })).toEqual([expect.stringMatching(/^ADMIN_TOKEN is a development/)]);
    expect(issuesOf({ NODE_ENV: 'production', ADMIN_TOKEN: 'admin-admin-admin-admin' })).toEqual([expect.stringMatching(/^ADMIN_TOKEN is too guessable/)]);
  });

  it('lets development use the local token', () => {
    expect(issuesOf({ ADMIN_TOKEN: 'local-admin-token-change-me' })).toEqual([]);
  });
});
