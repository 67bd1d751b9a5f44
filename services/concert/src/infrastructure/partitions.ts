import type mongoose from 'mongoose';
import { compactDate } from '../domain/seat-id';

/**
 * FerretDB answers every query with a scan of the whole collection, and the cost is per document it
 * decodes. So the seat streams are partitioned by concert date (a date's 50 heads are one query over
 * that date's records only) and the claim streams by concert.
 */
export const seatPartitionName = (concertCode: string, concertDate: string): string =>
  `seats_${concertCode}_${compactDate(concertDate)}`;
export const claimPartitionName = (concertCode: string): string => `holds_${concertCode}`;

/**
 * Options of a native-driver read: the projection, and the server-side time limit that connectMongo
 * gives the connection's mongoose queries (the native driver would not attach it by itself).
 */
export function readOptions<P extends Record<string, 0 | 1>>(connection: mongoose.Connection, projection: P) {
  const maxTimeMS = connection.get('maxTimeMS') as number | undefined;
  return maxTimeMS ? { projection, maxTimeMS } : { projection };
}

type IndexSpec = { key: Record<string, 1 | -1>; unique?: boolean };

/**
 * Creates a partition's indexes once per process before its first write: the unique ones are what the
 * store rule rests on, so no record may be inserted before they exist.
 */
export class PartitionIndexes {
  private readonly ready = new Map<string, Promise<void>>();

  constructor(
    private readonly connection: mongoose.Connection,
    private readonly indexes: IndexSpec[],
  ) {}

  ensure(name: string): Promise<void> {
    let done = this.ready.get(name);
    if (!done) {
      done = this.create(name);
      done.catch(() => this.ready.delete(name));
      this.ready.set(name, done);
    }
    return done;
  }

  private async create(name: string): Promise<void> {
    const collection = this.connection.collection(name);
    for (let attempt = 1; ; attempt++) {
      try {
        // One index per call, only the missing ones: FerretDB v1 panics on a multi-index
        // createIndexes whose indexes partly exist.
        const existing = new Set((await collection.listIndexes().toArray().catch(() => [])).map((i) => JSON.stringify(i.key)));
        for (const index of this.indexes) {
          if (!existing.has(JSON.stringify(index.key))) await collection.createIndex(index.key, { unique: index.unique ?? false });
        }
        return;
      } catch (error) {
        // Two processes creating the same collection at once: one of them is told so; try again.
        if (attempt >= 5) throw error;
        await new Promise((r) => setTimeout(r, 50 * attempt));
      }
    }
  }
}
