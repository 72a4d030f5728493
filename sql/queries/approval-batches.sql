-- Approval batches (报批批次): named queries for server/handlers/approval-batches.ts through the record flow of
-- record-crud.ts. A batch's parcels are the rows of approval_batch_parcels, written in the batch's transaction.
-- The Art. 46 areas of a batch come from the `batches` query of sql/queries/audit-records.sql (the audit's own
-- facts), so that the dashboard and the audit never disagree.

-- name: select_one
-- One batch. $1 batch id. parcel_ids sorted.
SELECT b.id, b.project_id, b.code, b.name, b.declared_authority, b.submitted_on::text AS submitted_on,
       coalesce((SELECT array_agg(x.parcel_id ORDER BY x.parcel_id) FROM approval_batch_parcels x WHERE x.batch_id = b.id), '{}') AS parcel_ids,
       b.version, b.updated_at, b.updated_by
FROM approval_batches b
WHERE b.id = $1::int

-- name: list
-- $1 project, $2 parcel (the batches holding it), $3 household (the batches holding one of its parcels), each or
-- NULL; $4 row limit. By code.
SELECT b.id, b.project_id, b.code, b.name, b.declared_authority, b.submitted_on::text AS submitted_on,
       coalesce((SELECT array_agg(x.parcel_id ORDER BY x.parcel_id) FROM approval_batch_parcels x WHERE x.batch_id = b.id), '{}') AS parcel_ids,
       b.version, b.updated_at, b.updated_by
FROM approval_batches b
WHERE ($1::int IS NULL OR b.project_id = $1::int)
  AND ($2::int IS NULL OR EXISTS (SELECT 1 FROM approval_batch_parcels x WHERE x.batch_id = b.id AND x.parcel_id = $2::int))
  AND ($3::int IS NULL OR EXISTS (SELECT 1 FROM approval_batch_parcels x JOIN household_parcels hp ON hp.parcel_id = x.parcel_id
                                  WHERE x.batch_id = b.id AND hp.household_id = $3::int))
ORDER BY b.code COLLATE "C", b.id
LIMIT $4::int

-- name: for_update
SELECT id, version, project_id FROM approval_batches WHERE id = $1::int FOR UPDATE

-- name: parcels_check
-- The parcels $2 (ids) that a batch of project $1 cannot hold, locked until commit: `missing` (no such parcel),
-- `other_project` (a parcel of another project), `other_batch` (already in another batch $3 ≠ of the project; $3
-- the batch being edited or NULL), with that batch's code.
WITH wanted AS (SELECT DISTINCT unnest($2::int[]) AS id),
locked AS (SELECT p.id, p.project_id FROM parcels p WHERE p.id IN (SELECT id FROM wanted) FOR SHARE)
SELECT w.id,
       CASE WHEN l.id IS NULL THEN 'missing' WHEN l.project_id <> $1::int THEN 'other_project' ELSE 'other_batch' END AS fault,
       (SELECT b.code FROM approval_batch_parcels x JOIN approval_batches b ON b.id = x.batch_id
        WHERE x.parcel_id = w.id AND b.project_id = $1::int AND b.id IS DISTINCT FROM $3::int ORDER BY b.id LIMIT 1) AS batch_code
FROM wanted w
LEFT JOIN locked l ON l.id = w.id
WHERE l.id IS NULL OR l.project_id <> $1::int
   OR EXISTS (SELECT 1 FROM approval_batch_parcels x JOIN approval_batches b ON b.id = x.batch_id
              WHERE x.parcel_id = w.id AND b.project_id = $1::int AND b.id IS DISTINCT FROM $3::int)
ORDER BY w.id

-- name: insert
-- $1 project; $2 code; $3 name; $4 declared authority; $5 submitted on; $6 parcel ids; $7 user.
WITH b AS (
  INSERT INTO approval_batches (project_id, code, name, declared_authority, submitted_on, updated_by)
  VALUES ($1::int, $2::text, $3::text, $4::text, $5::date, $7::text)
  RETURNING id
), p AS (
  INSERT INTO approval_batch_parcels (batch_id, parcel_id)
  SELECT b.id, x FROM b, unnest($6::int[]) AS x
  ON CONFLICT DO NOTHING
)
SELECT id FROM b

-- name: update
-- Batch $1 at version $2; $3..$8 as $1..$6 of insert; $9 user. The parcel set is replaced.
WITH b AS (
  UPDATE approval_batches
  SET project_id = $3::int, code = $4::text, name = $5::text, declared_authority = $6::text, submitted_on = $7::date,
      updated_by = $9::text, updated_at = now(), version = version + 1
  WHERE id = $1::int AND version = $2::int
  RETURNING id
), gone AS (
  DELETE FROM approval_batch_parcels x USING b WHERE x.batch_id = b.id AND x.parcel_id <> ALL ($8::int[])
), added AS (
  INSERT INTO approval_batch_parcels (batch_id, parcel_id)
  SELECT b.id, x FROM b, unnest($8::int[]) AS x
  ON CONFLICT DO NOTHING
)
SELECT id FROM b

-- name: delete
DELETE FROM approval_batches WHERE id = $1::int AND version = $2::int RETURNING id
