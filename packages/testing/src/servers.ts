import { randomUUID } from 'node:crypto';

/**
 * Where the real servers of an integration test or benchmark are. CI and the test command set
 * MONGO_URL, REDIS_URL and AMQP_URL; when one is unset and a Docker engine answers, testcontainers
 * starts the real image; with no Docker either, the local servers of `infra/local/ensure-servers.sh`.
 * There is no in-memory fallback: a test that claims integration talks to a real server or fails.
 */
type ServerKind = 'mongo' | 'redis' | 'amqp';

const ENV_NAME: Record<ServerKind, string> = { mongo: 'MONGO_URL', redis: 'REDIS_URL', amqp: 'AMQP_URL' };
const LOCAL_DEFAULT: Record<ServerKind, string> = {
  mongo: 'mongodb://127.0.0.1:27017/',
  redis: 'redis://127.0.0.1:6379',
  amqp: 'amqp://guest:guest@127.0.0.1:5672',
};
const started = new Map<ServerKind, Promise<string>>();

export async function serverUrl(kind: ServerKind): Promise<string> {
  const fromEnv = process.env[ENV_NAME[kind]];
  if (fromEnv) return fromEnv;
  let url = started.get(kind);
  if (!url) {
    url = startContainer(kind);
    started.set(kind, url);
  }
  return url;
}

async function startContainer(kind: ServerKind): Promise<string> {
  const { GenericContainer, Wait, getContainerRuntimeClient } = await import('testcontainers');
  const dockerAnswers = await getContainerRuntimeClient().then(
    () => true,
    () => false,
  );
  if (!dockerAnswers) return LOCAL_DEFAULT[kind];
  if (kind === 'mongo') {
    const c = await new GenericContainer('mongo:7').withExposedPorts(27017).withCommand(['--replSet', 'rs0']).start();
    await c.exec(['mongosh', '--quiet', '--eval', 'rs.initiate()']);
    return `mongodb://${c.getHost()}:${c.getMappedPort(27017)}/?directConnection=true`;
  }
  if (kind === 'redis') {
    const c = await new GenericContainer('redis:7').withExposedPorts(6379).start();
    return `redis://${c.getHost()}:${c.getMappedPort(6379)}`;
  }
  const c = await new GenericContainer('rabbitmq:3.13')
    .withExposedPorts(5672)
    .withWaitStrategy(Wait.forLogMessage('Server startup complete'))
    .start();
  return `amqp://guest:guest@${c.getHost()}:${c.getMappedPort(5672)}`;
}

/** A MongoDB URL naming a database of its own, so tests never see each other's data. */
export async function isolatedMongoUrl(prefix: string): Promise<string> {
  const base = new URL(await serverUrl('mongo'));
  base.pathname = `/${uniqueName(prefix)}`;
  return base.toString();
}

/** A short unique name with a readable prefix (databases, concert codes, queues). */
export const uniqueName = (prefix: string): string => `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
