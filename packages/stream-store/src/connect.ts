import mongoose from 'mongoose';

/**
 * One mongoose connection per service. No transactions or TTL indexes are used anywhere, so the same
 * code runs on MongoDB and on FerretDB; retryWrites is off because FerretDB v1 has no sessions.
 * The pool stays small: FerretDB v1 deadlocks once its own PostgreSQL pool is exhausted while it
 * creates a collection (infra/ferretdb/run.sh), and it gains nothing from more parallel queries.
 */
export async function connectMongo(url: string, maxPoolSize = 10): Promise<mongoose.Connection> {
  const connection = mongoose.createConnection(url, {
    retryWrites: false,
    serverSelectionTimeoutMS: 5_000,
    maxPoolSize,
    autoIndex: false,
    autoCreate: false,
  });
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
