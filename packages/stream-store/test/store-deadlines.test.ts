import mongoose, { Schema } from 'mongoose';
import { isolatedMongoUrl, startFaultProxy } from '@concert/testing';
import { connectMongo, type StoreDeadlines } from '../src';

const recordSchema = new Schema({ streamId: String, version: Number });
const tight: StoreDeadlines = { operationMs: 300, socketMs: 600, waitForConnectionMs: 600, connectMs: 600, serverSelectionMs: 600 };
/** serverSelection + waitForConnection + socket, and a second of slack for a loaded machine. */
const BOUND_MS = 600 + 600 + 600 + 1_000;

describe('store deadlines (connectMongo through a proxy that stops answering)', () => {
  let proxy: Awaited<ReturnType<typeof startFaultProxy>>;
  let connection: mongoose.Connection;

  beforeAll(async () => {
    const real = new URL(await isolatedMongoUrl('store_deadlines'));
    proxy = await startFaultProxy(real.toString(), 27017);
    const viaProxy = new URL(proxy.url);
    viaProxy.searchParams.set('directConnection', 'true');
    connection = await connectMongo(viaProxy.toString(), 2, tight);
  });

  afterAll(async () => {
    proxy.resume();
    await connection.dropDatabase().catch(() => undefined);
    await connection.close(true);
    await proxy.close();
  });

  it('fails reads and writes within the bound while the store hangs, and works again after', async () => {
    const Records = connection.model('records', recordSchema);
    await Records.create({ streamId: 's', version: 1 });
    expect(await Records.findOne({ streamId: 's' }).lean()).toMatchObject({ version: 1 });
    // The server-side limit rides on the queries themselves.
    expect(proxy.sent()).toContain('maxTimeMS');

    proxy.stall();
    const began = Date.now();
    // More calls than pooled connections: some also wait for a connection first.
    const calls = [
      Records.findOne({ streamId: 's' }).lean().exec(),
      Records.create({ streamId: 's', version: 2 }),
      Records.find({ streamId: 's' }).sort({ version: -1 }).lean().exec(),
      Records.countDocuments({ streamId: 's' }).exec(),
      Records.create({ streamId: 's', version: 3 }),
    ];
    const outcomes = await Promise.allSettled(calls);
    const elapsed = Date.now() - began;
    expect(outcomes.map((o) => o.status)).toEqual(Array(calls.length).fill('rejected'));
    expect(elapsed).toBeLessThan(BOUND_MS);

    proxy.resume();
    const until = Date.now() + 15_000;
    let count: number | undefined;
    while (count === undefined && Date.now() < until) {
      count = await Records.countDocuments({ streamId: 's' }).then(
        (n) => n,
        () => undefined,
      );
    }
    expect(count).toBeGreaterThanOrEqual(1);
  }, 30_000);
});
