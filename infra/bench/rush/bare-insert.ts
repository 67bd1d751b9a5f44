/**
 * The store's own pace in this run: single-document insertOne into a scratch collection of a rush_
 * scratch database on FerretDB, from several concurrent writers, for a few seconds.
 */
import { MongoClient } from 'mongodb';
import { mongoUrl, type Settings } from './settings';

export async function measureBareInserts(s: Settings): Promise<{ inserts: number; seconds: number; perSecond: number }> {
  const client = await MongoClient.connect(mongoUrl(s, s.databases.scratch), {
    directConnection: true,
    maxPoolSize: s.bareInsertWriters,
  });
  try {
    const db = client.db(s.databases.scratch);
    await db.dropDatabase();
    const collection = db.collection('inserts');
    await collection.insertOne({ warmup: true }); // creates the collection outside the timed part
    let inserts = 0;
    const started = performance.now();
    const until = started + s.bareInsertMs;
    await Promise.all(
      Array.from({ length: s.bareInsertWriters }, async (_, writer) => {
        for (let n = 0; performance.now() < until; n++) {
          await collection.insertOne({ writer, n, at: new Date(), payload: 'x'.repeat(64) });
          inserts++;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    await db.dropDatabase();
    return { inserts, seconds, perSecond: inserts / seconds };
  } finally {
    await client.close();
  }
}
