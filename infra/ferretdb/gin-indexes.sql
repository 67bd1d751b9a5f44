-- Makes PostgreSQL able to serve FerretDB's equality filters from indexes. Applied by run.sh to
-- FerretDB's PostgreSQL database every time it starts FerretDB or finds it running; idempotent.
--   psql -v ON_ERROR_STOP=1 -v db=ferretdb -f gin-indexes.sql postgres://postgres@127.0.0.1:5432/ferretdb
--
-- Why: FerretDB v1.24 pushes `{field: <scalar>}` down as `_jsonb->$1 @> $2` (key and value are both
-- bind parameters), but the index it creates for a MongoDB index {field: 1} is a btree on
-- ((_jsonb->'field')), which cannot serve `@>`. So every equality find is a sequential scan.
--  1. For every such btree index, a GIN jsonb_path_ops index on its leading key (_jsonb -> 'field')
--     serves `@>` (the btree stays: it enforces unique indexes, and FerretDB's UPDATE/DELETE find
--     rows by `_jsonb->'_id' = $1` / IN, which the btree serves). `_id` gets one too: find({_id})
--     is pushed down as `@>` like any other field.
--     Only the leading key of a compound index, as on MongoDB (an index serves its prefixes): the
--     rest of an equality filter is checked on the rows the leading key finds. A GIN per key would
--     make PostgreSQL AND the bitmaps of every key, and without statistics (autovacuum is off on
--     the development machines, so tables are never analyzed) it does so even for keys such as
--     `version`, whose value 0 matches one record of every stream: cost that grows with history.
--     New indexes get it from an event trigger (collections, e.g. per-date partitions, are created
--     at run time); indexes that already exist get it from the backfill at the end of this file.
--  2. The GIN index only matches when the planner sees the key and the value as constants, i.e. a
--     custom plan. FerretDB's pgx prepares and caches its statements per connection, and after five
--     executions PostgreSQL switches a statement to its generic plan (`_jsonb->$1`, which can never
--     match the index expression) when that costs no more — as on a table that is still small, e.g.
--     a new partition — and keeps it while the table grows (measured: a seq scan of 100,000 rows,
--     343 ms, for a lookup the GIN index answers in 0.1 ms). Hence plan_cache_mode =
--     force_custom_plan for the whole database (for connections opened after it is set).
-- fastupdate = off: with the default pending list, every search scans the not-yet-merged entries
-- (up to gin_pending_list_limit, 4 MB), which VACUUM merges (or the insert that overflows the list,
-- paying for all) — and autovacuum is off here. Off, each insert updates the index directly.
-- Not covered: dotted keys (`state.deadlineAt`): FerretDB does not push filters on them down unless
-- started with --test-enable-nested-pushdown (experimental), so an index on them could not be used.

\set ON_ERROR_STOP 1

ALTER DATABASE :"db" SET plan_cache_mode = force_custom_plan;

-- Deterministic name of the GIN index for (table, field): readable prefix + hash, at most 58 bytes
-- (PostgreSQL's limit is 63). FerretDB's own index names end in `_<hash>_idx`; these end in `_gin`.
CREATE OR REPLACE FUNCTION public.ferretdb_gin_index_name(tbl text, field text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT left(regexp_replace(tbl, '[^A-Za-z0-9_]', '_', 'g'), 28) || '_'
      || left(regexp_replace(lower(field), '[^a-z0-9_]', '_', 'g'), 16) || '_'
      || left(md5(tbl || '/' || field), 8) || '_gin'
$$;

-- The leading field of an index FerretDB created, if its first key column is exactly
-- (_jsonb -> 'field'). Nested keys ((_jsonb -> 'a') -> 'b') and anything else give no row.
CREATE OR REPLACE FUNCTION public.ferretdb_gin_index_fields(idx oid) RETURNS SETOF text
LANGUAGE sql STABLE STRICT AS $$
  SELECT replace(m[1], '''''', '''')
  FROM pg_index i
  CROSS JOIN LATERAL regexp_match(pg_get_indexdef(i.indexrelid, 1, false),
                                  '^\(*_jsonb -> ''((?:[^'']|'''')*)''::text\)*$') AS m
  WHERE i.indexrelid = idx AND i.indkey[0] = 0 AND m IS NOT NULL
$$;

-- Creates the GIN indexes that the btree index `idx` calls for, if it is a FerretDB collection index.
CREATE OR REPLACE FUNCTION public.ferretdb_gin_for_index(idx oid) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  sch text;
  tbl text;
  field text;
BEGIN
  SELECT n.nspname, t.relname INTO sch, tbl
  FROM pg_index i
  JOIN pg_class ic ON ic.oid = i.indexrelid
  JOIN pg_am am ON am.oid = ic.relam
  JOIN pg_class t ON t.oid = i.indrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
  WHERE i.indexrelid = idx
    AND am.amname = 'btree'                      -- not our own GIN indexes (this runs for them too)
    AND t.relkind = 'r'
    AND t.relname NOT LIKE '\_ferretdb\_%'       -- FerretDB's metadata tables
    AND EXISTS (SELECT 1 FROM pg_attribute a
                WHERE a.attrelid = t.oid AND a.attname = '_jsonb' AND a.atttypid = 'jsonb'::regtype)
    AND EXISTS (SELECT 1 FROM pg_class m
                WHERE m.relnamespace = n.oid AND m.relname = '_ferretdb_database_metadata');
  IF NOT FOUND THEN
    RETURN;
  END IF;

  FOR field IN SELECT DISTINCT f FROM public.ferretdb_gin_index_fields(idx) AS f LOOP
    BEGIN
      EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %I.%I USING gin ((_jsonb -> %L) jsonb_path_ops) '
                     'WITH (fastupdate = off)',
                     public.ferretdb_gin_index_name(tbl, field), sch, tbl, field);
    EXCEPTION
      -- Another session created the same index at the same time: it exists now, which is the goal.
      WHEN unique_violation OR duplicate_table OR duplicate_object THEN NULL;
    END;
  END LOOP;
EXCEPTION
  -- Never make FerretDB's own CREATE INDEX fail because of this helper.
  WHEN OTHERS THEN
    RAISE WARNING 'ferretdb_gin_for_index(%): % (%)', idx::regclass, SQLERRM, SQLSTATE;
END
$$;

CREATE OR REPLACE FUNCTION public.ferretdb_gin_on_create_index() RETURNS event_trigger
LANGUAGE plpgsql AS $$
DECLARE
  cmd record;
BEGIN
  FOR cmd IN SELECT objid FROM pg_event_trigger_ddl_commands()
             WHERE command_tag = 'CREATE INDEX' AND object_type = 'index' LOOP
    PERFORM public.ferretdb_gin_for_index(cmd.objid);
  END LOOP;
END
$$;

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_event_trigger WHERE evtname = 'ferretdb_gin_on_create_index') THEN
    CREATE EVENT TRIGGER ferretdb_gin_on_create_index ON ddl_command_end
      WHEN TAG IN ('CREATE INDEX')
      EXECUTE FUNCTION public.ferretdb_gin_on_create_index();
  END IF;
END
$$;

-- Backfill: GIN indexes for FerretDB indexes created before the trigger existed, one statement each
-- (its own transaction). Tables under 64 MB are indexed directly (a short lock); bigger ones
-- CONCURRENTLY, so FerretDB keeps writing meanwhile (an invalid leftover of an interrupted build is
-- dropped and rebuilt). A lock wait is bounded, and a table dropped meanwhile only fails its own
-- statement, so errors here do not stop the script (run.sh hides the "does not exist" ones); what
-- is left undone is done on the next run.
\set ON_ERROR_STOP 0
SET lock_timeout = '5s';

CREATE TEMP VIEW ferretdb_gin_wanted AS
  SELECT DISTINCT t.oid AS relid, n.nspname AS sch, t.relname AS tbl, f.field,
         public.ferretdb_gin_index_name(t.relname, f.field) AS name
  FROM pg_index i
  JOIN pg_class ic ON ic.oid = i.indexrelid
  JOIN pg_am am ON am.oid = ic.relam AND am.amname = 'btree'
  JOIN pg_class t ON t.oid = i.indrelid AND t.relkind = 'r' AND t.relname NOT LIKE '\_ferretdb\_%'
  JOIN pg_namespace n ON n.oid = t.relnamespace
  CROSS JOIN LATERAL public.ferretdb_gin_index_fields(i.indexrelid) AS f(field)
  WHERE EXISTS (SELECT 1 FROM pg_class m
                WHERE m.relnamespace = n.oid AND m.relname = '_ferretdb_database_metadata');

SELECT format('DROP INDEX CONCURRENTLY IF EXISTS %I.%I', w.sch, w.name)
FROM ferretdb_gin_wanted w
JOIN pg_class c ON c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = w.sch) AND c.relname = w.name
JOIN pg_index i ON i.indexrelid = c.oid AND NOT i.indisvalid
\gexec

SELECT format('CREATE INDEX %s IF NOT EXISTS %I ON %I.%I USING gin ((_jsonb -> %L) jsonb_path_ops) '
              'WITH (fastupdate = off)',
              CASE WHEN coalesce(pg_relation_size(w.relid), 0) >= 64 * 1024 * 1024 THEN 'CONCURRENTLY' ELSE '' END,
              w.name, w.sch, w.tbl, w.field)
FROM ferretdb_gin_wanted w
WHERE NOT EXISTS (SELECT 1 FROM pg_class c
                  WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = w.sch) AND c.relname = w.name)
\gexec
