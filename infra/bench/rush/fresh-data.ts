/**
 * Fresh data for every run, in the bench's own namespaces only: drops the rush_* databases, deletes
 * the Redis keys under the rush prefixes and the RabbitMQ queues of the rush namespace, then seeds the
 * concert catalog with the concert service's own seeding.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as amqp from 'amqplib';
import { MongoClient } from 'mongodb';
import { createClient } from 'redis';
import { mongoUrl, SEATS_PER_DATE, type Settings } from './settings';
import { seedDemoCatalog } from '../../../services/concert/src/seed';
import { DEMO_CONCERTS, seedCatalog } from '../../../services/concert/src/application/seed-catalog.use-case';
import { createStores } from '../../../services/concert/src/wiring';
import { connectMongo, ensureIndexes } from '@concert/stream-store';

export async function dropRushData(s: Settings): Promise<string[]> {
  const done: string[] = [];
  const mongo = await MongoClient.connect(s.mongoBase, { directConnection: true, serverSelectionTimeoutMS: 10_000 });
  try {
    for (const db of Object.values(s.databases)) await mongo.db(db).dropDatabase();
    done.push(`dropped databases ${Object.values(s.databases).join(', ')}`);
  } finally {
    await mongo.close();
  }

  const redis = createClient({ url: s.redisUrl });
  await redis.connect();
  try {
    let deleted = 0;
    for (const prefix of [s.queueKeyPrefix, s.rateLimitKeyPrefix]) {
      const batch: string[] = [];
      for await (const keys of redis.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
        batch.push(...keys);
        if (batch.length >= 1000) deleted += await redis.del(batch.splice(0));
      }
      if (batch.length > 0) deleted += await redis.del(batch);
    }
    done.push(`deleted ${deleted} Redis keys under ${s.queueKeyPrefix}* and ${s.rateLimitKeyPrefix}*`);
  } finally {
    await redis.quit();
  }

  done.push(await deleteRushQueues(s));
  return done;
}

/** Left-over saga messages of an earlier run would name sagas the fresh databases never saw. */
async function deleteRushQueues(s: Settings): Promise<string> {
  let names: string[];
  try {
    const node = s.rabbitmqNode ? ['-n', s.rabbitmqNode] : [];
    const { stdout } = await promisify(execFile)('rabbitmqctl', [...node, 'list_queues', '--quiet', '--no-table-headers', 'name'], { timeout: 30_000 });
    names = stdout.split('\n').map((l) => l.trim()).filter((n) => n.startsWith(`${s.amqpNamespace}.`));
  } catch (error) {
    return `could not list RabbitMQ queues (${(error as Error).message.split('\n')[0]}); left as they are`;
  }
  if (names.length === 0) return `no RabbitMQ queues under ${s.amqpNamespace}.*`;
  const connection = await amqp.connect(s.amqpUrl);
  try {
    const channel = await connection.createChannel();
    for (const name of names) await channel.deleteQueue(name);
    await channel.close();
  } finally {
    await connection.close();
  }
  return `deleted ${names.length} RabbitMQ queues under ${s.amqpNamespace}.*`;
}

export interface SeededConcert {
  concertCode: string;
  concertDates: string[];
  prices: number[];
}

/** 150 seats: the demo catalog's NEWJEANS-2026. Other counts: a concert of SEATS/50 dates at its prices. */
export async function seedConcert(s: Settings): Promise<SeededConcert> {
  const newjeans = DEMO_CONCERTS.find((c) => c.concertCode === 'NEWJEANS-2026')!;
  const prices = Array.from({ length: SEATS_PER_DATE }, (_, i) => newjeans.price(i + 1));
  const url = mongoUrl(s, s.databases.concert);
  if (s.concertCode === newjeans.concertCode) {
    const seeded = await seedDemoCatalog(url);
    const concert = seeded.find((c) => c.concertCode === s.concertCode)!;
    return { concertCode: concert.concertCode, concertDates: concert.concertDates, prices };
  }
  const connection = await connectMongo(url);
  try {
    const stores = createStores(connection);
    await ensureIndexes(connection);
    const demo = { ...newjeans, concertCode: s.concertCode, title: `Rush bench, ${s.dates} dates`, daysFromNow: Array.from({ length: s.dates }, (_, i) => 45 + i) };
    const [concert] = await seedCatalog(stores, new Date(), [demo]);
    for (const d of concert!.dates) await stores.seats.backfillListed(concert!.concertCode, d.concertDate);
    return { concertCode: concert!.concertCode, concertDates: concert!.dates.map((d) => d.concertDate), prices };
  } finally {
    await connection.close();
  }
}
