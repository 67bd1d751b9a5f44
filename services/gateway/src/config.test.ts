import { randomBytes } from 'node:crypto';
import { configSchema } from './config';

const production = () => ({ NODE_ENV: 'production', GRPC_SHARED_SECRET: randomBytes(32).toString('base64') });
const issuesOf = (env: Record<string, string>) => configSchema.safeParse(env).error?.issues.map((i) => `${i.path.join('.')} ${i.message}`) ?? [];

describe('gateway config in production', () => {
  it('takes a strong admin token', () => {
    expect(issuesOf({ ...production(), ADMIN_TOKEN: randomBytes(32).toString('base64') })).toEqual([]);
  });

  it('refuses the local and test admin tokens and guessable ones', () => {
    expect(issuesOf({ ...production(), ADMIN_TOKEN: 'local-admin-token-change-me' })).toEqual([expect.stringMatching(/^ADMIN_TOKEN is a development/)]);
    expect(issuesOf({ ...production(), ADMIN_TOKEN: 'admin-admin-admin-admin' })).toEqual([expect.stringMatching(/^ADMIN_TOKEN is too guessable/)]);
  });

  it('needs a strong service credential for gRPC, and the TLS files as a set', () => {
    expect(issuesOf({ NODE_ENV: 'production' })).toEqual([expect.stringMatching(/^GRPC_SHARED_SECRET must be set in production/)]);
    expect(issuesOf({ NODE_ENV: 'production', GRPC_SHARED_SECRET: 'grpc-grpc-grpc-grpc' })).toEqual([expect.stringMatching(/^GRPC_SHARED_SECRET is too guessable/)]);
    expect(issuesOf({ GRPC_TLS_CA_FILE: '/etc/ca.pem' })).toEqual([expect.stringMatching(/go together/)]);
  });

  it('refuses USER_KEYS=off (the keyless demo API); keys are on unless said otherwise', () => {
    expect(issuesOf({ ...production(), USER_KEYS: 'off' })).toEqual([expect.stringMatching(/^USER_KEYS must be on in production/)]);
    expect(configSchema.parse({ ...production() }).USER_KEYS).toBe('on');
    expect(configSchema.parse({ USER_KEYS: 'off' }).USER_KEYS).toBe('off');
    expect(issuesOf({ USER_KEYS: 'maybe' })).toEqual([expect.stringMatching(/^USER_KEYS /)]);
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
