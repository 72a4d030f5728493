-- Bulk imports: named queries for server/db/bulk-import.ts. A job's rows are streamed by COPY into its own UNLOGGED
-- staging table {rows} (zd_staging.bulk_import_rows_<id>), checked into {checked} (zd_staging.bulk_import_checked_<id>) with the parcel
-- geometry (MultiPolygon 4490, zd_geometry_from_source), their problems written to bulk_import_problems, and the
-- rows without problems inserted into parcels in one statement that also writes their history. {rows} and
-- {checked} are replaced by the job's table names (from its integer id) before a statement runs.

-- name: project
SELECT id FROM projects WHERE id = $1::int

-- name: unfinished
-- The unfinished job of project $1, if any, with the seconds since it last reported progress.
SELECT id, extract(epoch FROM now() - updated_at)::float8 AS idle_s
FROM bulk_imports WHERE project_id = $1::int AND phase IN ('received', 'validating', 'inserting')

-- name: abandon
-- Closes a job whose process is gone (nothing of it was committed: its insert is one transaction).
UPDATE bulk_imports SET phase = 'failed', finished_at = now(), updated_at = now(),
       error = jsonb_build_object('code', 'BULK_IMPORT_CANCELLED')
WHERE id = $1::int AND phase IN ('received', 'validating', 'inserting')

-- name: start
-- $1 project; $2 actor; $3 file name or null; $4 format; $5 skip_invalid.
INSERT INTO bulk_imports (project_id, actor, filename, format, skip_invalid)
VALUES ($1::int, $2::text, $3::text, $4::text, $5::boolean)
RETURNING id

-- name: drop_tables
DROP TABLE IF EXISTS {rows};
DROP TABLE IF EXISTS {checked}

-- name: create_rows
CREATE UNLOGGED TABLE {rows} (
  feature_index   integer NOT NULL,
  code            text,
  land_class      text,
  owner           text,
  claimed_area_mu text,
  survey_zone     integer,
  status          text,
  srid            integer,
  geojson         text,
  issue           text,
  issue_path      text,
  issue_params    jsonb
)

-- name: progress
-- $1 id; $2 phase; $3 bytes received; $4 features received.
UPDATE bulk_imports SET phase = $2::text, bytes_received = $3::bigint, received = $4::int, updated_at = now()
WHERE id = $1::int

-- name: no_timeout
-- The set-based steps of a large import run longer than the pool's statement timeout: none for this transaction.
SELECT set_config('statement_timeout', '0', true)

-- name: check
-- The staged rows with their parcel geometry (for rows that reached PostGIS without a reading fault); `sound`: the
-- quick test of zd_geometry_issues' three rules (valid, at least 1 m², inside a jurisdiction), which the problems
-- below ask zd_geometry_issues to explain when it fails; and, for a sound geometry, the stored columns parcels keeps
-- beside it (zd_parcel_stored, the function of the per-row trigger), computed here, before the insert takes the
-- parcels lock. OFFSET 0 keeps each function to one call per row.
CREATE UNLOGGED TABLE {checked} AS
SELECT g.feature_index, g.code, g.land_class, g.owner, g.claimed_area_mu, g.survey_zone, g.status, g.issue,
       g.issue_path, g.issue_params, g.geom, g.sound,
       (g.stored).geom_3857, (g.stored).label_point, (g.stored).label_3857, CASE WHEN g.sound THEN (g.stored).area END AS area
FROM (
  -- Called with no geometry for the others (NULLs, no error), not inside a CASE, which would hide its row type.
  SELECT s.*, zd_parcel_stored(CASE WHEN s.sound THEN s.geom END, s.survey_zone) AS stored
  FROM (
    SELECT r.*, coalesce(ST_IsValid(r.geom) AND ST_Area(r.geom::geography) >= 1.0
                         AND EXISTS (SELECT 1 FROM jurisdictions j WHERE ST_Within(r.geom, j.geom)), false) AS sound
    FROM (
      SELECT r.feature_index, r.code, r.land_class, r.owner, r.claimed_area_mu::numeric(14, 4) AS claimed_area_mu,
             r.survey_zone, r.status, r.issue, r.issue_path, r.issue_params,
             CASE WHEN r.issue IS NULL THEN zd_geometry_from_source(r.geojson, r.srid) END AS geom
      FROM {rows} r OFFSET 0
    ) r OFFSET 0
  ) s OFFSET 0
) g

-- name: problems
-- Every problem of every feature, as POST /api/parcels would refuse it: a reading fault; a missing code, land class
-- or owner; a land class not in GB/T 21010; what zd_geometry_issues finds (validity, size, jurisdiction), asked
-- only of geometries that fail the quick test of the same three (sound, above); a sound geometry wholly outside the
-- project's acquisition scope (zd_scope_fit, OUTSIDE_PROJECT_BOUNDARY); a code repeated in the file (every occurrence
-- after the first) or already used in the project. $1 import id; $2 project.
INSERT INTO bulk_import_problems (import_id, feature_index, code, issue, path, params, lon, lat)
SELECT $1::int, c.feature_index, c.code, c.issue, c.issue_path, c.issue_params, NULL::float8, NULL::float8
FROM {checked} c WHERE c.issue IS NOT NULL
UNION ALL
SELECT $1::int, c.feature_index, c.code, 'FIELD_REQUIRED', 'properties.' || f.name, NULL, NULL, NULL
FROM {checked} c CROSS JOIN LATERAL (VALUES (1, 'code', c.code), (2, 'land_class', c.land_class), (3, 'owner', c.owner)) AS f(n, name, value)
WHERE f.value IS NULL
UNION ALL
SELECT $1::int, c.feature_index, c.code, 'UNKNOWN_LAND_CLASS', 'properties.land_class', jsonb_build_object('code', c.land_class), NULL, NULL
FROM {checked} c
WHERE c.land_class IS NOT NULL AND NOT EXISTS (SELECT 1 FROM land_classes l WHERE l.code = c.land_class)
UNION ALL
SELECT $1::int, c.feature_index, c.code, x.code, 'geometry', jsonb_build_object('why', x.reason), x.lon, x.lat
FROM {checked} c, zd_geometry_issues(c.geom) x
WHERE c.geom IS NOT NULL AND NOT c.sound
UNION ALL
SELECT $1::int, c.feature_index, c.code, 'OUTSIDE_PROJECT_BOUNDARY', 'geometry',
       jsonb_build_object('project', pr.code, 'distance_m', round(f.distance_m)::int, 'scope_id', s.id), NULL, NULL
FROM {checked} c
JOIN acquisition_scopes s ON s.project_id = $2::int
JOIN projects pr ON pr.id = s.project_id
CROSS JOIN LATERAL zd_scope_fit(c.geom, s.geom) f
WHERE c.sound AND f.wholly_outside
UNION ALL
SELECT $1::int, d.feature_index, d.code, 'PARCEL_CODE_TAKEN', 'properties.code', jsonb_build_object('code', d.code), NULL, NULL
FROM (SELECT c.feature_index, c.code, row_number() OVER (PARTITION BY c.code ORDER BY c.feature_index) AS n
      FROM {checked} c WHERE c.code IS NOT NULL) d
WHERE d.n > 1
UNION ALL
SELECT $1::int, c.feature_index, c.code, 'PARCEL_CODE_TAKEN', 'properties.code', jsonb_build_object('code', c.code), NULL, NULL
FROM {checked} c JOIN parcels p ON p.project_id = $2::int AND p.code = c.code

-- name: counts
-- $1 import id. received: staged rows; invalid: features with at least one problem.
SELECT (SELECT count(*) FROM {rows})::int AS received,
       (SELECT count(DISTINCT feature_index) FROM bulk_import_problems WHERE import_id = $1::int)::int AS invalid

-- name: set_counts
UPDATE bulk_imports SET received = $2::int, valid = $3::int, invalid = $4::int, updated_at = now() WHERE id = $1::int

-- name: codes_taken_since
-- Under the parcels lock: codes of valid rows that a parcel write took after the checks ran. $1 import id; $2 project.
SELECT c.feature_index, c.code
FROM {checked} c JOIN parcels p ON p.project_id = $2::int AND p.code = c.code
WHERE NOT EXISTS (SELECT 1 FROM bulk_import_problems x WHERE x.import_id = $1::int AND x.feature_index = c.feature_index)
ORDER BY c.feature_index

-- name: scope_version
-- The version of project $1's acquisition scope (no row: none), locked FOR SHARE to the end of the transaction: the
-- checks read it before measuring against the scope, the insert under the parcels lock to see whether it changed.
SELECT version FROM acquisition_scopes WHERE project_id = $1::int FOR SHARE

-- name: outside_scope_since
-- Under the parcels lock, after the scope changed since the checks: valid rows wholly outside it as it is now
-- (zd_scope_fit, as in problems). $1 import id; $2 project.
SELECT c.feature_index, c.code,
       jsonb_build_object('project', pr.code, 'distance_m', round(f.distance_m)::int, 'scope_id', s.id) AS params
FROM {checked} c
JOIN acquisition_scopes s ON s.project_id = $2::int
JOIN projects pr ON pr.id = s.project_id
CROSS JOIN LATERAL zd_scope_fit(c.geom, s.geom) f
WHERE c.sound AND f.wholly_outside
  AND NOT EXISTS (SELECT 1 FROM bulk_import_problems x WHERE x.import_id = $1::int AND x.feature_index = c.feature_index)
ORDER BY c.feature_index

-- name: add_problems
-- Problems found at the insert ($2 jsonb array of { feature_index, code, issue, path, params }).
INSERT INTO bulk_import_problems (import_id, feature_index, code, issue, path, params)
SELECT $1::int, (e->>'feature_index')::int, e->>'code', e->>'issue', e->>'path', e->'params'
FROM jsonb_array_elements($2::jsonb) AS e

-- name: bulk_mode
-- Who and why, as setActor does, and zd.bulk: the row triggers of inserts that compute the stored columns and write
-- the history stand aside (insert below writes the same values itself). Transaction-local.
SELECT set_config('zd.actor', $1::text, true), set_config('zd.reason', coalesce($2::text, ''), true),
       set_config('zd.bulk', 'on', true)

-- name: parcel_count
-- Under the parcels lock: the parcels there are, against which the load's size decides the spatial indexes' fate.
SELECT count(*)::int AS n FROM parcels

-- name: spatial_indexes_drop
-- A load at least as large as the table: the two GiST indexes of parcels (migrations/001_schema.sql, 013) go for
-- the insert and are built again after it (spatial_indexes_build), in the same transaction, by the owner's function
-- zd_parcel_spatial_indexes. PostGIS sorts a GiST build, 7 µs a row of the whole table, where adding rows one by one
-- to both indexes costs 19 µs each. DROP INDEX takes ACCESS EXCLUSIVE on parcels until the commit: every read of
-- parcels waits for the insert.
SELECT zd_parcel_spatial_indexes(false)

-- name: spatial_indexes_build
SELECT zd_parcel_spatial_indexes(true)

-- name: insert
-- The rows without problems, in file order, into parcels with the stored columns the checks computed (zd.bulk: the
-- BEFORE row trigger that would compute them again stands aside; the overview's statement trigger stages the whole
-- set), and their 'create' history rows exactly as zd_parcel_history_write writes them, in the same statement.
-- $1 import id; $2 project; $3 actor. Returns the new parcel ids in file order.
WITH ins AS (
  INSERT INTO parcels (project_id, code, land_class, owner, claimed_area_mu, survey_zone, status, geom, updated_by,
    geom_3857, label_point, label_3857, area)
  SELECT $2::int, c.code, c.land_class, c.owner, c.claimed_area_mu, c.survey_zone, coalesce(c.status, 'surveyed'), c.geom, $3::text,
    c.geom_3857, c.label_point, c.label_3857, c.area
  FROM {checked} c
  WHERE NOT EXISTS (SELECT 1 FROM bulk_import_problems x WHERE x.import_id = $1::int AND x.feature_index = c.feature_index)
  ORDER BY c.feature_index
  RETURNING *
), history AS (
  INSERT INTO parcel_history (parcel_id, version, operation, project_id, code, land_class, owner,
    claimed_area_mu, survey_zone, status, geom, changed_by, reason, parent_ids, restored_from)
  SELECT i.id, i.version, 'create', i.project_id, i.code, i.land_class, i.owner,
    i.claimed_area_mu, i.survey_zone, i.status, i.geom, current_setting('zd.actor'),
    nullif(current_setting('zd.reason', true), ''), '{}'::integer[], NULL
  FROM ins i
  ORDER BY i.id
)
SELECT coalesce(array_agg(id ORDER BY id), '{}') AS ids FROM ins

-- name: finish
-- $1 id; $2 phase (done | failed); $3 inserted; $4 parcel ids; $5 error { code, params } or null.
UPDATE bulk_imports SET phase = $2::text, inserted = $3::int, parcel_ids = $4::int[], error = $5::jsonb,
       finished_at = now(), updated_at = now()
WHERE id = $1::int

-- name: fail
-- $1 id; $2 error { code, params }; $3 bytes; $4 features received. Never over a job whose insert committed.
UPDATE bulk_imports SET phase = 'failed', error = $2::jsonb, bytes_received = greatest(bytes_received, $3::bigint),
       received = greatest(received, $4::int), finished_at = now(), updated_at = now()
WHERE id = $1::int AND phase <> 'done'

-- name: get
SELECT id, project_id, actor, filename, format, skip_invalid, phase, bytes_received, received, valid, invalid, inserted,
       error, started_at, updated_at, finished_at,
       (SELECT count(*) FROM bulk_import_problems p WHERE p.import_id = b.id)::int AS problems
FROM bulk_imports b WHERE id = $1::int

-- name: problem_rows
-- The problems of import $1, in feature order; at most $2.
SELECT feature_index, code, issue, path, params, lon, lat
FROM bulk_import_problems WHERE import_id = $1::int
ORDER BY feature_index, issue, path
LIMIT $2::int

-- name: parcel_ids
SELECT parcel_ids FROM bulk_imports WHERE id = $1::int

-- name: overlaps
-- Overlaps of the parcels an import inserted ($1 ids) with every active parcel, by the rule of POST /api/parcels
-- (zd_parcel_conflicts: interiors intersect and the overlap's ellipsoidal area is over 1 m²), through the GiST
-- index; a pair of two imported parcels once. Ordered by parcel, then the other.
SELECT n.id AS parcel_id, n.code, c.id AS other_id, c.code AS other_code, c.project_id AS other_project_id,
       c.id = ANY ($1::int[]) AS other_imported, c.overlap_m2, c.overlap_mu
FROM parcels n, zd_parcel_conflicts(n.geom, n.id) c
WHERE n.id = ANY ($1::int[]) AND NOT (c.id = ANY ($1::int[]) AND c.id < n.id)
ORDER BY n.id, c.id

-- name: lease
-- The project's bulk import lease, taken on a dedicated session for as long as its job runs (server databases): a
-- session advisory lock (740200601, project) that PostgreSQL releases when the session ends, also when the process
-- dies. false: another session holds it (a job of the project runs in another process).
SELECT pg_try_advisory_lock(740200601, $1::int) AS held

-- name: orphans
-- Closes the unfinished jobs whose process is gone: no session holds their project's lease (on the embedded
-- database, one process owns the folder, so at start every unfinished job is one). The try-lock is transaction
-- scoped: run inside a transaction, which releases it. Nothing of such a job was committed (its insert is one
-- transaction that also marks it done). Returns the ids, whose staging tables are then dropped.
UPDATE bulk_imports SET phase = 'failed', finished_at = now(), updated_at = now(),
       error = jsonb_build_object('code', 'BULK_IMPORT_INTERRUPTED')
WHERE phase IN ('received', 'validating', 'inserting') AND pg_try_advisory_xact_lock(740200601, project_id)
RETURNING id
