import mongoose, { Schema } from 'mongoose';
import { isolatedMongoUrl } from '@concert/testing';
import { connectMongo, ensureIndexes, isDuplicateKey, retryOnConflict } from '../src';

// The store rule rests on this: concurrent inserts of one (streamId, version) have exactly one winner.
interface StreamRecord {
  streamId: string;
  version: number;
  writer: number;
}

const recordSchema = new Schema<StreamRecord>({ streamId: String, version: Number, writer: Number });
recordSchema.index({ streamId: 1, version: 1 }, { unique: true });

describe('unique (streamId, version) on the MongoDB-wire server', () => {
  let connection: mongoose.Connection;
  let Records: ReturnType<typeof modelOf>;
  const modelOf = (c: mongoose.Connection) => c.model('records', recordSchema);

  beforeAll(async () => {
    connection = await connectMongo(await isolatedMongoUrl('stream_store'));
    Records = modelOf(connection);
    await ensureIndexes(connection);
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('lets exactly one of 200 concurrent inserts of the same version win', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 200 }, (_, writer) => Records.create({ streamId: 'seat-1', version: 1, writer })),
    );
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(199);
    expect(lost.every((o) => isDuplicateKey(o.reason))).toBe(true);
    expect(await Records.countDocuments({ streamId: 'seat-1' })).toBe(1);
  });

  it('serialises 50 racing read-decide-append writers into versions 1..50 with no gap', async () => {
    const appendNext = (writer: number) =>
      retryOnConflict(async () => {
        const head = await Records.findOne({ streamId: 'counter' }).sort({ version: -1 }).lean();
        return Records.create({ streamId: 'counter', version: (head?.version ?? 0) + 1, writer });
      });
    await Promise.all(Array.from({ length: 50 }, (_, writer) => appendNext(writer)));
    const versions = (await Records.find({ streamId: 'counter' }).lean()).map((r) => r.version).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });
});
