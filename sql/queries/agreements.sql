-- Agreements (补偿安置协议), one per household: named queries for server/handlers/agreements.ts through the record
-- flow of record-crud.ts. signed = signed_on is set.

-- name: select_one
SELECT a.id, a.project_id, a.household_id, a.number, a.signed_on IS NOT NULL AS signed, a.signed_on::text AS signed_on,
       a.notes, a.version, a.updated_at, a.updated_by
FROM agreements a
WHERE a.id = $1::int

-- name: list
-- $1 project, $2 parcel (households tied to it), $3 household (each or NULL); $4 row limit. By id.
SELECT a.id, a.project_id, a.household_id, a.number, a.signed_on IS NOT NULL AS signed, a.signed_on::text AS signed_on,
       a.notes, a.version, a.updated_at, a.updated_by
FROM agreements a
WHERE ($1::int IS NULL OR a.project_id = $1::int)
  AND ($2::int IS NULL OR EXISTS (SELECT 1 FROM household_parcels hp WHERE hp.household_id = a.household_id AND hp.parcel_id = $2::int))
  AND ($3::int IS NULL OR a.household_id = $3::int)
ORDER BY a.id
LIMIT $4::int

-- name: for_update
SELECT id, version, project_id FROM agreements WHERE id = $1::int FOR UPDATE

-- name: of_household
-- The agreement of household $1 other than $2 (or NULL), for the one-per-household answer.
SELECT id FROM agreements WHERE household_id = $1::int AND ($2::int IS NULL OR id <> $2::int)

-- name: number_taken
-- An agreement of project $1 numbered $2 other than $3 (or NULL).
SELECT id FROM agreements WHERE project_id = $1::int AND number = $2::text AND ($3::int IS NULL OR id <> $3::int)

-- name: insert
-- $1 project; $2 household; $3 number; $4 signed on; $5 notes; $6 user.
INSERT INTO agreements (project_id, household_id, number, signed_on, notes, updated_by)
VALUES ($1::int, $2::int, $3::text, $4::date, $5::text, $6::text)
RETURNING id

-- name: update
-- Agreement $1 at version $2; $3..$7 as $1..$5 of insert; $8 user.
UPDATE agreements
SET project_id = $3::int, household_id = $4::int, number = $5::text, signed_on = $6::date, notes = $7::text,
    updated_by = $8::text, updated_at = now(), version = version + 1
WHERE id = $1::int AND version = $2::int
RETURNING id

-- name: delete
DELETE FROM agreements WHERE id = $1::int AND version = $2::int RETURNING id
