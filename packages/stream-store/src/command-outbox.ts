import type { mongo } from 'mongoose';

/**
 * Outbox reads and marks for records stored under a unique `commandId` (the record is its own outbox
 * entry: `publishedAt` stays null until the relay has published it). One query per id, because
 * FerretDB pushes a plain equality filter down to PostgreSQL but not `$in` or `null`.
 */
export async function unpublishedByCommandIds<T extends { publishedAt?: Date | null }>(
  collection: mongo.Collection,
  commandIds: string[],
): Promise<T[]> {
  const rows = await Promise.all(commandIds.map((commandId) => collection.findOne<T>({ commandId }, { projection: { _id: 0 } })));
  return rows.filter((row): row is NonNullable<typeof row> => !!row && !row.publishedAt);
}

/** Sets publishedAt and clears the `outbox` flag that the relay's poll filters on (a pushed-down equality). */
export async function markPublishedByCommandIds(collection: mongo.Collection, commandIds: string[]): Promise<void> {
  const publishedAt = new Date();
  await Promise.all(commandIds.map((commandId) => collection.updateOne({ commandId }, { $set: { publishedAt, outbox: false } })));
}
