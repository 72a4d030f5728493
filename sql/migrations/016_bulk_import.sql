-- Bulk imports (server/db/bulk-import.ts): a large file streamed into a per-job UNLOGGED staging table by COPY,
-- checked set-based in SQL and inserted into parcels in one transaction. One row per job, with its progress; one
-- row per problem found in a feature. The staging tables themselves (bulk_import_rows_<id>) are created and
-- dropped by the job and never outlive it (a job left unfinished by a crash is closed, and its table dropped, by
-- the next bulk import of the same project).

CREATE TABLE bulk_imports (
  id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id     integer NOT NULL REFERENCES projects(id),
  actor          text NOT NULL,
  filename       text CHECK (length(filename) BETWEEN 1 AND 255),
  format         text NOT NULL CHECK (format IN ('geojson', 'geojsonseq')),
  skip_invalid   boolean NOT NULL DEFAULT false,
  -- received: the body is being read; validating: set-based checks; inserting: the one insert transaction;
  -- done: committed (or nothing to insert); failed: nothing was written (error says why)
  phase          text NOT NULL DEFAULT 'received'
                 CHECK (phase IN ('received', 'validating', 'inserting', 'done', 'failed')),
  bytes_received bigint NOT NULL DEFAULT 0 CHECK (bytes_received >= 0),
  received       integer NOT NULL DEFAULT 0 CHECK (received >= 0),
  valid          integer CHECK (valid >= 0),
  invalid        integer CHECK (invalid >= 0),
  inserted       integer NOT NULL DEFAULT 0 CHECK (inserted >= 0),
  -- the parcels the job inserted, in feature order (for the overlap step)
  parcel_ids     integer[] NOT NULL DEFAULT '{}',
  -- why a failed job failed: { code, params } of server/domain/issue-codes.ts
  error          jsonb,
  started_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  finished_at    timestamptz
);
-- One unfinished bulk import per project at a time (the 409 of a second one).
CREATE UNIQUE INDEX bulk_imports_one_running ON bulk_imports (project_id)
  WHERE phase IN ('received', 'validating', 'inserting');
COMMENT ON TABLE bulk_imports IS 'Bulk import jobs: phase, counts and the parcels inserted.';

-- What is wrong with one feature of a bulk import: its index in the file (0-based), the code it carries, and an
-- issue code of server/domain/issue-codes.ts with its message parameters.
CREATE TABLE bulk_import_problems (
  import_id     integer NOT NULL REFERENCES bulk_imports(id) ON DELETE CASCADE,
  feature_index integer NOT NULL,
  code          text,
  issue         text NOT NULL,
  path          text,
  params        jsonb,
  lon           double precision,
  lat           double precision
);
CREATE INDEX bulk_import_problems_import ON bulk_import_problems (import_id, feature_index);
