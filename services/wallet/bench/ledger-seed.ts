import type { Connection } from 'mongoose';
import { ensureIndexes } from '@concert/stream-store';
import { hashUserKey } from '../src/domain/user-key';
import { ledgerModel } from '../src/infrastructure/ledger.repository';

/** Records per seeded user: OPENED plus this many CHARGED of 10 each. */
export const CHARGES_PER_USER = 9;

/** Deterministic ids, so a seeded database is reused without reading its users back. */
export const benchUserId = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;

/** A seeded user's key (X-User-Key), derived from its id: benchmarks send it without a lookup. */
export const benchUserKey = (userId: string) => `bench-user-key-${userId}`;

function recordsOf(i: number, createdAt: Date) {
  const userId = benchUserId(i);
  const keyHash = hashUserKey(benchUserKey(userId));
  const records: Record<string, unknown>[] = [{ userId, version: 0, kind: 'OPENED', amount: 0, balance: 0, commandId: `open:${userId}`, createdAt, keyHash }];
  for (let v = 1; v <= CHARGES_PER_USER; v++) {
    records.push({ userId, version: v, kind: 'CHARGED', amount: 10, balance: 10 * v, commandId: `charge:seed:${userId}:${v}`, createdAt });
  }
  return records;
}

/**
 * Fills the ledger of `connection`'s database with `users` users (setup, not measured). A marker
 * document written last says the seed is complete, so later runs reuse it; a partial seed is redone.
 */
export async function ensureSeeded(connection: Connection, users: number, log: (line: string) => void): Promise<void> {
  const meta = connection.collection<{ _id: string; users: number; keyed?: boolean }>('bench_meta');
  // A seed from before user keys has users nobody can act for: redone.
  const seeded = await meta.findOne({ _id: 'seed' });
  if (seeded?.users === users && seeded.keyed === true) return;
  await connection.dropDatabase();
  const ledger = connection.collection('ledger');
  const t0 = performance.now();
  const usersPerBatch = 1_000;
  const createdAt = new Date();
  let nextUser = 0;
  // A few batches in flight keep FerretDB busy without exhausting its PostgreSQL pool.
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (nextUser < users) {
        const from = nextUser;
        nextUser = Math.min(users, from + usersPerBatch);
        const docs = [];
        for (let i = from; i < nextUser; i++) docs.push(...recordsOf(i, createdAt));
        await ledger.insertMany(docs, { ordered: false });
        if ((from + usersPerBatch) % 20_000 === 0) log(`  seeded ${nextUser} users (${((performance.now() - t0) / 1_000).toFixed(0)} s)`);
      }
    }),
  );
  ledgerModel(connection);
  await ensureIndexes(connection);
  await meta.insertOne({ _id: 'seed', users, keyed: true });
  log(`  seeded ${users} users, ${users * (CHARGES_PER_USER + 1)} records in ${((performance.now() - t0) / 1_000).toFixed(0)} s`);
}
