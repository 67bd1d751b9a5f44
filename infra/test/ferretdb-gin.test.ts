import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

// FerretDB (v1.24, PostgreSQL backend) pushes an equality filter down as `_jsonb->$1 @> $2`, which the
// btree indexes it creates cannot serve. infra/ferretdb/gin-indexes.sql (applied by run.sh) adds a GIN
// index next to every index FerretDB creates and makes FerretDB's connections plan with the values
// known. This checks, through the wire protocol and in PostgreSQL, that a collection created at run
// time gets its GIN indexes and that a find by equality is answered from them, not by a table scan.
// Needs a FerretDB started by infra/ferretdb/run.sh and a psql that reaches its PostgreSQL; against
// real MongoDB (no PostgreSQL behind it) there is nothing to check.
const ROOT = path.resolve(__dirname, '../..');
const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017/';
const PG_URL = (process.env.FERRETDB_POSTGRESQL_URL ?? 'postgres://postgres@127.0.0.1:5432/ferretdb').replace(/\?.*$/, '');

interface Collection {
  createIndex(key: Record<string, 1 | -1>, options?: { unique?: boolean }): Promise<string>;
  insertMany(docs: object[]): Promise<unknown>;
  insertOne(doc: object): Promise<unknown>;
  findOne(filter: object): Promise<Record<string, unknown> | null>;
  find(filter: object): { sort(s: object): { limit(n: number): { toArray(): Promise<Record<string, unknown>[]> } } };
}
interface Connection {
  asPromise(): Promise<Connection>;
  useDb(name: string): { db: { collection(name: string): Collection; dropDatabase(): Promise<unknown> } };
  close(): Promise<void>;
}
// The mongo driver as the services get it (through mongoose), so this package needs no driver of its own.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const mongoose = require(require.resolve('mongoose', { paths: [path.join(ROOT, 'packages/stream-store')] })) as {
  createConnection(url: string, options: object): Connection;
};

const psql = (sql: string): string =>
  execFileSync('psql', [PG_URL, '-X', '-A', '-t', '-q', '-v', 'ON_ERROR_STOP=1', '-c', sql], { encoding: 'utf8' }).trim();
const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

function behindPostgres(): boolean {
  try {
    return psql('SELECT 1') === '1';
  } catch {
    return false;
  }
}

const describeOnFerret = behindPostgres() ? describe : describe.skip;

describeOnFerret('FerretDB equality filters on PostgreSQL (infra/ferretdb/gin-indexes.sql)', () => {
  const dbName = `infra_gin_${Date.now()}`;
  const collName = 'seats_TEST_20260101';
  let conn: Connection;
  let coll: Collection;
  let table: string;

  const ginIndexes = () =>
    psql(
      `SELECT indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = ${literal(dbName)} AND tablename = ${literal(table)} AND indexdef LIKE '%USING gin%' ORDER BY 1`,
    )
      .split('\n')
      .filter(Boolean);
  const counters = () => {
    const [seqTupRead = NaN, idxScan = NaN] = psql(
      `SELECT t.seq_tup_read || ' ' || sum(i.idx_scan) FROM pg_stat_user_tables t JOIN pg_stat_user_indexes i USING (relid)
       JOIN pg_indexes x ON x.schemaname = i.schemaname AND x.indexname = i.indexrelname
       WHERE t.schemaname = ${literal(dbName)} AND t.relname = ${literal(table)} AND x.indexdef LIKE '%USING gin%' GROUP BY t.seq_tup_read`,
    )
      .split(' ')
      .map(Number);
    return { seqTupRead, idxScan };
  };

  beforeAll(async () => {
    conn = await mongoose.createConnection(MONGO_URL, { maxPoolSize: 2 }).asPromise();
    coll = conn.useDb(dbName).db.collection(collName);
    await coll.createIndex({ seatId: 1, version: 1 }, { unique: true });
    await coll.createIndex({ commandId: 1 }, { unique: true });
    await coll.createIndex({ 'state.deadlineAt': 1 });
    const docs = [];
    for (let s = 0; s < 200; s++)
      for (let v = 1; v <= 5; v++) docs.push({ seatId: `A${s}`, version: v, commandId: `c-${s}-${v}`, state: { deadlineAt: v } });
    await coll.insertMany(docs);
    table = psql(`SELECT _jsonb->>'table' FROM ${dbName}._ferretdb_database_metadata WHERE _jsonb->>'_id' = ${literal(collName)}`);
    expect(table).not.toBe('');
  });

  afterAll(async () => {
    await conn?.useDb(dbName).db.dropDatabase();
    await conn?.close();
  });

  it('gives a collection created at run time a GIN index on the leading field of each index', () => {
    const gin = ginIndexes();
    const fields = gin.map((line) => /USING gin \(\(\(_jsonb -> '([^']*)'::text\)\) jsonb_path_ops\)/.exec(line)?.[1]).sort();
    // _id and the leading keys; not `version` (second key of a compound index), not a dotted key
    // (FerretDB does not push filters on dotted keys down, so PostgreSQL never sees them).
    expect(fields).toEqual(['_id', 'commandId', 'seatId']);
  });

  it('makes FerretDB connections plan with the values known', () => {
    expect(psql(`SELECT current_setting('plan_cache_mode')`)).toBe('force_custom_plan');
  });

  it('answers the statement FerretDB prepares for an equality find from the GIN index', () => {
    // The exact SQL FerretDB v1.24 sends for find({seatId: 'A7'}), run as pgx runs it: prepared once,
    // executed again and again (past the five executions after which PostgreSQL may go generic).
    const plan = psql(
      [
        `PREPARE q(text, jsonb) AS SELECT _jsonb FROM "${dbName}"."${table}" WHERE _jsonb->$1 @> $2`,
        ...Array.from({ length: 7 }, () => `EXECUTE q('seatId', '"A7"')`),
        `EXPLAIN (COSTS OFF) EXECUTE q('seatId', '"A7"')`,
      ].join(';\n'),
    );
    expect(plan).toMatch(/Bitmap Index Scan on \S+_seatid_\w+_gin/);
    expect(plan).not.toMatch(/Seq Scan/);
  });

  it('serves finds by equality through the wire protocol with index scans, not table scans', async () => {
    const before = counters();
    for (let i = 0; i < 20; i++) {
      expect(await coll.findOne({ seatId: `A${i * 7}` })).toMatchObject({ seatId: `A${i * 7}` });
      expect(await coll.findOne({ commandId: `c-${i}-3` })).toMatchObject({ version: 3 });
      const [head] = await coll.find({ seatId: `A${i}` }).sort({ version: -1 }).limit(1).toArray();
      expect(head).toMatchObject({ seatId: `A${i}`, version: 5 });
    }
    // A backend publishes its counters when it goes idle (within about ten seconds).
    let after = counters();
    for (let waited = 0; after.idxScan - before.idxScan < 60 && waited < 15_000; waited += 500) {
      await new Promise((r) => setTimeout(r, 500));
      after = counters();
    }
    expect(after.idxScan - before.idxScan).toBeGreaterThanOrEqual(60);
    // Rows read by table scans (the index builds at collection creation scanned an empty table, and
    // their counts may arrive late, so scans are counted by the rows they read).
    expect(after.seqTupRead - before.seqTupRead).toBe(0);
  }, 30_000);

  it('still enforces the unique index on insert (11000)', async () => {
    await coll.insertOne({ seatId: 'B1', version: 1, commandId: 'b-1' });
    await expect(coll.insertOne({ seatId: 'B1', version: 1, commandId: 'b-2' })).rejects.toMatchObject({ code: 11000 });
    await expect(coll.insertOne({ seatId: 'B2', version: 1, commandId: 'b-1' })).rejects.toMatchObject({ code: 11000 });
    await coll.insertOne({ seatId: 'B1', version: 2, commandId: 'b-3' });
  });
});
