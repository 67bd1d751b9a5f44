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

  it('refuses to trust every proxy, and reads a hop count or a list', () => {
    expect(issuesOf({ TRUST_PROXY: 'true' })).toEqual([expect.stringMatching(/^TRUST_PROXY must not be true/)]);
    expect(configSchema.parse({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(configSchema.parse({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).TRUST_PROXY).toBe('loopback, 10.0.0.0/8');
    expect(configSchema.parse({}).TRUST_PROXY).toBe(false);
  });
});
