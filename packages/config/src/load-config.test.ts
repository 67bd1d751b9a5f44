import { z } from 'zod';
import { ConfigError, loadConfig } from './load-config';
import { env } from './index';

const schema = z.object({ PORT: env.port(8080), MONGO_URL: z.string().url() });

describe('loadConfig', () => {
  it('applies defaults and coerces numbers', () => {
    expect(loadConfig(schema, { MONGO_URL: 'mongodb://h:1/db' })).toEqual({ PORT: 8080, MONGO_URL: 'mongodb://h:1/db' });
  });

  it('names a missing variable in one line', () => {
    expect(() => loadConfig(schema, {})).toThrow(ConfigError);
    expect(() => loadConfig(schema, {})).toThrow(/^invalid configuration: MONGO_URL .*\(missing\)$/);
  });

  it('names a bad variable and never prints its value (it may be a secret)', () => {
    expect(() => loadConfig(schema, { MONGO_URL: 'mongodb://h:1/db', PORT: 'abc-secret-ish' })).toThrow(/PORT .*\(value not shown\)$/);
    expect(() => loadConfig(schema, { MONGO_URL: 'mongodb://h:1/db', PORT: 'abc-secret-ish' })).not.toThrow(/abc-secret-ish/);
  });
});
