import { randomBytes } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';

// No Docker engine runs here, so the deployment file is checked by reading it: every application
// service must build from its own Dockerfile, get exactly the environment its config schema needs,
// and wait for the servers and services that environment points at.
const ROOT = path.resolve(__dirname, '../..');

interface ComposeService {
  image?: string;
  command?: string[];
  build?: { context: string; dockerfile: string };
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
  healthcheck?: { test: string[] };
}

const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};

const APPS: Record<string, { dir: string; pkg: string }> = {
  queue: { dir: 'queue', pkg: '@concert/queue-service' },
  concert: { dir: 'concert', pkg: '@concert/concert-service' },
  wallet: { dir: 'wallet', pkg: '@concert/wallet-service' },
  payment: { dir: 'payment', pkg: '@concert/payment-service' },
  gateway: { dir: 'gateway', pkg: '@concert/gateway' },
};
// The broker is ready for a service once its user exists: the one-shot rabbitmq-users has run.
const SERVER_OF_URL: Record<string, string> = { MONGO_URL: 'mongo', REDIS_URL: 'redis', AMQP_URL: 'rabbitmq-users' };
const READY_CONDITION: Record<string, string> = { 'rabbitmq-users': 'service_completed_successfully' };

const schemaOf = (dir: string): z.ZodType =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(path.join(ROOT, 'services', dir, 'src', 'config.ts')).configSchema;

/** The variables a schema knows, looking through refinements and transforms to the object inside. */
function knownVariables(schema: z.ZodType): string[] {
  const inner = schema as unknown as { shape?: Record<string, unknown>; in?: z.ZodType };
  if (inner.shape) return Object.keys(inner.shape);
  if (inner.in) return knownVariables(inner.in);
  throw new Error('config schema is not an object');
}

/** The documented example file: every `<…>` in it is a placeholder the operator replaces. */
const EXAMPLE_SECRETS: Record<string, string> = Object.fromEntries(
  readFileSync(path.join(ROOT, 'infra/deploy.env.example'), 'utf8')
    .split('\n')
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
);
/** What an operator following the example writes: each placeholder replaced by a random secret. */
const OPERATOR_SECRETS = Object.fromEntries(
  Object.entries(EXAMPLE_SECRETS).map(([name, value]) => [name, value.replace(/<[^>]*>/g, () => randomBytes(32).toString('hex'))]),
);
const resolveEnv = (env: Record<string, string>, secrets: Record<string, string> = OPERATOR_SECRETS) =>
  Object.fromEntries(
    Object.entries(env).map(([k, v]) => [k, v.replace(/\$\{([A-Z_]+):\?[^}]*\}/g, (_, name: string) => secrets[name] ?? '')]),
  );

describe('docker-compose.yml', () => {
  it('asks the operator for every secret it uses, each documented with an example', () => {
    const asked = [...readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8').matchAll(/\$\{([A-Z_]+):\?/g)].map((m) => m[1]);
    expect(asked.length).toBeGreaterThan(0);
    for (const name of asked) expect(EXAMPLE_SECRETS[name!]).toBeTruthy();
  });

  it('keeps secrets out of images', () => {
    expect(readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n')).toEqual(expect.arrayContaining(['.env*', '**/.env*']));
  });

  it('gives every server credentials from the operator, and each service its own', () => {
    const mongo = resolveEnv(compose.services.mongo?.environment ?? {});
    expect(mongo.MONGO_INITDB_ROOT_PASSWORD).toMatch(/^[0-9a-f]{64}$/);
    expect(compose.services.redis?.command?.join(' ')).toContain('--requirepass "$$REDIS_PASSWORD"');
    expect(resolveEnv(compose.services.rabbitmq?.environment ?? {}).RABBITMQ_DEFAULT_PASS).toMatch(/^[0-9a-f]{64}$/);
    for (const [name, { dir }] of Object.entries(APPS)) {
      const env = resolveEnv(compose.services[name]?.environment ?? {});
      if (env.MONGO_URL) expect(env.MONGO_URL).toMatch(new RegExp(`^mongodb://${dir}:[0-9a-f]{64}@mongo:27017/${dir}\\?`));
      if (env.AMQP_URL) expect(env.AMQP_URL).toMatch(new RegExp(`^amqp://${dir}:[0-9a-f]{64}@rabbitmq:5672$`));
      if (env.REDIS_URL) expect(env.REDIS_URL).toMatch(/^redis:\/\/:[0-9a-f]{64}@redis:6379$/);
    }
  });

  it('is refused in production with the example file as it stands', () => {
    const asIs = (name: string) => schemaOf(name).safeParse(resolveEnv(compose.services[name]!.environment ?? {}, EXAMPLE_SECRETS));
    expect(asIs('queue').error?.issues.map((i) => i.path.join('.'))).toContain('TOKEN_SIGNING_KEYS');
    expect(asIs('gateway').error?.issues.map((i) => i.path.join('.'))).toContain('ADMIN_TOKEN');
  });

  it('runs real MongoDB as a replica set, Redis and RabbitMQ, each with a health check', () => {
    expect(compose.services.mongo?.image).toMatch(/^mongo:/);
    expect(compose.services.mongo?.healthcheck?.test.join(' ')).toContain('rs.initiate');
    expect(compose.services.redis?.image).toMatch(/^redis:/);
    expect(compose.services.rabbitmq?.image).toMatch(/^rabbitmq:/);
    for (const server of ['mongo', 'redis', 'rabbitmq']) expect(compose.services[server]?.healthcheck).toBeDefined();
  });

  describe.each(Object.entries(APPS))('%s', (name, { dir, pkg }) => {
    const service = compose.services[name]!;
    const env = resolveEnv(service.environment ?? {});
    const schema = schemaOf(dir);

    it('builds from its own Dockerfile, which builds its own package', () => {
      expect(service.image).toBeTruthy();
      const dockerfile = path.join(ROOT, service.build!.context, service.build!.dockerfile);
      expect(existsSync(dockerfile)).toBe(true);
      expect(readFileSync(dockerfile, 'utf8')).toContain(`--filter ${pkg} deploy`);
      expect(service.healthcheck?.test.length).toBeGreaterThan(0);
    });

    it('sets only variables its config schema knows, and the schema accepts them', () => {
      const known = knownVariables(schema);
      expect(Object.keys(env).filter((key) => !known.includes(key))).toEqual([]);
      const parsed = schema.safeParse(env);
      expect(parsed.error?.issues ?? []).toEqual([]);
    });

    it('points at no local default: every URL and address names a compose service', () => {
      for (const [key, value] of Object.entries(env)) {
        if (key in SERVER_OF_URL || key.endsWith('_GRPC_ADDR')) expect(value).not.toMatch(/127\.0\.0\.1|localhost/);
      }
    });

    it('waits, healthy, for every server and service its environment points at', () => {
      const needed = new Set<string>();
      for (const [key, value] of Object.entries(env)) {
        if (key in SERVER_OF_URL) needed.add(SERVER_OF_URL[key]!);
        if (key.endsWith('_GRPC_ADDR')) {
          const [host, port] = value.split(':');
          needed.add(host!);
          expect(compose.services[host!]?.environment?.GRPC_PORT).toBe(port);
        }
      }
      const dependsOn = service.depends_on ?? {};
      expect(Object.keys(dependsOn).sort()).toEqual([...needed].sort());
      for (const [dep, { condition }] of Object.entries(dependsOn)) expect(condition).toBe(READY_CONDITION[dep] ?? 'service_healthy');
    });

    it('publishes a port to the host only for the gateway', () => {
      if (name === 'gateway') expect(service.ports).toEqual([`${env.PORT}:${env.PORT}`]);
      else expect(service.ports).toBeUndefined();
    });
  });
});
