-- Resettlements (安置), one per household: named queries for server/handlers/resettlements.ts through the record
-- flow of record-crud.ts. Dates leave as YYYY-MM-DD text.

-- name: select_one
SELECT r.id, r.project_id, r.household_id, r.persons, r.method, r.site, r.transition_start::text AS transition_start,
       r.transition_end::text AS transition_end, r.delay_months, r.notes, r.version, r.updated_at, r.updated_by
FROM resettlements r
WHERE r.id = $1::int

-- name: list
-- $1 project, $2 parcel (households tied to it), $3 household (each or NULL); $4 row limit. By id.
SELECT r.id, r.project_id, r.household_id, r.persons, r.method, r.site, r.transition_start::text AS transition_start,
       r.transition_end::text AS transition_end, r.delay_months, r.notes, r.version, r.updated_at, r.updated_by
FROM resettlements r
WHERE ($1::int IS NULL OR r.project_id = $1::int)
  AND ($2::int IS NULL OR EXISTS (SELECT 1 FROM household_parcels hp WHERE hp.household_id = r.household_id AND hp.parcel_id = $2::int))
  AND ($3::int IS NULL OR r.household_id = $3::int)
ORDER BY r.id
LIMIT $4::int

-- name: for_update
SELECT id, version, project_id FROM resettlements WHERE id = $1::int FOR UPDATE

-- name: of_household
-- The resettlement of household $1 other than $2 (or NULL), for the one-per-household answer.
SELECT id FROM resettlements WHERE household_id = $1::int AND ($2::int IS NULL OR id <> $2::int)

-- name: insert
-- $1 project; $2 household; $3 persons; $4 method; $5 site; $6 transition start; $7 end; $8 delay months;
-- $9 notes; $10 user.
INSERT INTO resettlements (project_id, household_id, persons, method, site, transition_start, transition_end,
                           delay_months, notes, updated_by)
VALUES ($1::int, $2::int, $3::int, $4::text, $5::text, $6::date, $7::date, $8::int, $9::text, $10::text)
RETURNING id

-- name: update
-- Resettlement $1 at version $2; $3..$11 as $1..$9 of insert; $12 user.
UPDATE resettlements
SET project_id = $3::int, household_id = $4::int, persons = $5::int, method = $6::text, site = $7::text,
    transition_start = $8::date, transition_end = $9::date, delay_months = $10::int, notes = $11::text,
    updated_by = $12::text, updated_at = now(), version = version + 1
WHERE id = $1::int AND version = $2::int
RETURNING id

-- name: delete
DELETE FROM resettlements WHERE id = $1::int AND version = $2::int RETURNING id
