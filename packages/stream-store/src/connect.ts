import mongoose from 'mongoose';

/**
 * Every store call has a deadline, so a hung store (a stalled network path, a wedged FerretDB or
 * PostgreSQL under it) turns into an error the caller can retry, instead of a call that never
 * returns and holds whatever waits behind it:
 *   - operationMs: the server-side limit (maxTimeMS) attached to every query, find-and-modify and
 *     count of the connection (mongoose's connection option; FerretDB v1.24 accepts it on those);
 *   - socketMs: the client-side limit on any one round trip, writes included (inserts carry no
 *     maxTimeMS). Above operationMs, so a live but slow server answers with its own error first;
 *   - waitForConnectionMs: a call waiting for a pooled connection while all are busy;
 *   - connectMs / serverSelectionMs: reaching a server at all.
 * The worst a call can take is about serverSelectionMs + waitForConnectionMs + socketMs.
 */
export interface StoreDeadlines {
  operationMs: number;
  socketMs: number;
  waitForConnectionMs: number;
  connectMs: number;
  serverSelectionMs: number;
}

export const DEFAULT_STORE_DEADLINES: StoreDeadlines = {
  operationMs: 5_000,
  socketMs: 8_000,
  waitForConnectionMs: 5_000,
  connectMs: 5_000,
  serverSelectionMs: 5_000,
};

/**
 * One mongoose connection per service. No transactions or TTL indexes are used anywhere, so the same
 * code runs on MongoDB and on FerretDB; retryWrites is off because FerretDB v1 has no sessions.
 * The pool stays small: FerretDB v1 deadlocks once its own PostgreSQL pool is exhausted while it
 * creates a collection (infra/ferretdb/run.sh), and it gains nothing from more parallel queries.
 */
export async function connectMongo(
  url: string,
  maxPoolSize = 10,
  deadlines: Partial<StoreDeadlines> = {},
): Promise<mongoose.Connection> {
  const d = { ...DEFAULT_STORE_DEADLINES, ...deadlines };
  const connection = mongoose.createConnection(url, {
    retryWrites: false,
    serverSelectionTimeoutMS: d.serverSelectionMs,
    connectTimeoutMS: d.connectMs,
    socketTimeoutMS: d.socketMs,
    waitQueueTimeoutMS: d.waitForConnectionMs,
    maxPoolSize,
    autoIndex: false,
    autoCreate: false,
  });
  connection.set('maxTimeMS', d.operationMs);
  await connection.asPromise();
  return connection;
}

/** Creates the declared indexes of every model (unique indexes are what the store rule rests on). */
export async function ensureIndexes(connection: mongoose.Connection): Promise<void> {
  for (const model of Object.values(connection.models)) {
    await model.createCollection().catch((error: { code?: number }) => {
      if (error.code !== 48) throw error; // 48: NamespaceExists
    });
    await model.createIndexes();
  }
}

/** True when the database answers a ping. */
export async function mongoAnswers(connection: mongoose.Connection): Promise<boolean> {
  try {
    await connection.db?.admin().ping();
    return connection.readyState === mongoose.ConnectionStates.connected;
  } catch {
    return false;
  }
}
