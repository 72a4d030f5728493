-- Compensation: rate sets (append-only versions) and the computed items made from them
-- (sql/functions/zd_compensation_*.sql). Yuan and quantities leave as text, never as floats.

-- name: apply
-- Applies the project's computed changes in the caller's transaction (zd.actor set); returns them.
SELECT item_id, item_type, source_key, change, household_id, parcel_id, unit,
       old_quantity::text AS old_quantity, new_quantity::text AS new_quantity,
       old_rate_yuan::text AS old_rate_yuan, new_rate_yuan::text AS new_rate_yuan,
       old_amount_yuan::text AS old_amount_yuan, new_amount_yuan::text AS new_amount_yuan, rate_set_id
FROM zd_compensation_apply($1::int, $2::text)

-- name: changes
-- What applying would change, without changing anything.
SELECT item_id, item_type, source_key, change, household_id, parcel_id, unit,
       old_quantity::text AS old_quantity, new_quantity::text AS new_quantity,
       old_rate_yuan::text AS old_rate_yuan, new_rate_yuan::text AS new_rate_yuan,
       old_amount_yuan::text AS old_amount_yuan, new_amount_yuan::text AS new_amount_yuan, rate_set_id
FROM zd_compensation_changes($1::int)

-- name: delta
-- The change in the project's total that a list of changes makes ($1: new amounts, $2: old amounts, both of
-- the changes that apply: add, update, remove; held changes nothing).
SELECT (coalesce((SELECT sum(x::numeric) FROM unnest($1::text[]) x), 0)
      - coalesce((SELECT sum(x::numeric) FROM unnest($2::text[]) x), 0))::numeric(18, 2)::text AS delta_yuan

-- name: totals
-- The project's total of compensation items (computed and manual) now, and that total plus a delta.
SELECT coalesce(sum(amount_yuan), 0)::numeric(18, 2)::text AS total_yuan,
       (coalesce(sum(amount_yuan), 0) + $2::numeric)::numeric(18, 2)::text AS total_after_yuan
FROM compensation_items WHERE project_id = $1::int

-- name: parcel_project
SELECT project_id FROM parcels WHERE id = $1::int

-- name: defer_parcel_links
-- Compensation items point at parcels; a parcel write that removes a parcel (delete, split, merge) removes its
-- computed items after the parcel, so the link is checked at commit (the key is DEFERRABLE, migration 009).
SET CONSTRAINTS compensation_items_parcel_id_fkey DEFERRED

-- name: try_geometry
-- The candidate geometry of a parcel, for the preview of POST /parcels/check only (the transaction is always
-- rolled back). $1 parcel id, $2 GeoJSON text checked valid, $3 actor.
UPDATE parcels SET geom = zd_geometry_from_geojson($2::text), version = version + 1, updated_by = $3::text,
                   updated_at = now()
WHERE id = $1::int
RETURNING project_id

-- name: item_types
SELECT code, name_zh, name_en, unit FROM compensation_item_types ORDER BY position

-- name: project_exists
SELECT 1 AS found FROM projects WHERE id = $1::int

-- name: rate_sets
-- A project's rate sets, newest first, each with its rates; current = the highest version_no.
SELECT s.id, s.version_no, s.name, s.basis, to_char(s.effective_from, 'YYYY-MM-DD') AS effective_from,
       s.created_by, s.created_at, s.note,
       s.version_no = max(s.version_no) OVER () AS current,
       coalesce((SELECT json_agg(json_build_object('item_type', r.item_type, 'key', r.key, 'rate_yuan', r.rate_yuan::text)
                                 ORDER BY t.position, r.key = '*', r.key)
                 FROM rates r JOIN compensation_item_types t ON t.code = r.item_type
                 WHERE r.rate_set_id = s.id), '[]'::json) AS rates
FROM rate_sets s
WHERE s.project_id = $1::int AND ($2::int IS NULL OR s.id = $2::int)
ORDER BY s.version_no DESC

-- name: lock_rate_sets
-- One new version at a time per project (the UNIQUE (project_id, version_no) would refuse the second anyway).
SELECT pg_advisory_xact_lock(740200402, $1::int)

-- name: insert_rate_set
INSERT INTO rate_sets (project_id, version_no, name, basis, effective_from, created_by, note)
VALUES ($1::int, (SELECT coalesce(max(version_no), 0) + 1 FROM rate_sets WHERE project_id = $1::int),
        $2::text, $3::text, $4::date, $5::text, $6::text)
RETURNING id, version_no

-- name: insert_rates
-- $2, $3, $4: parallel arrays of item types, keys and rates (decimal text).
INSERT INTO rates (rate_set_id, item_type, key, rate_yuan)
SELECT $1::int, t, k, y::numeric FROM unnest($2::text[], $3::text[], $4::text[]) AS u (t, k, y)

-- name: known_item_types
SELECT code FROM compensation_item_types WHERE code = ANY ($1::text[])

-- name: known_land_keys
-- Which of the given keys are land class codes or land class group codes (GB/T 21010-2017).
SELECT DISTINCT k AS key FROM unnest($1::text[]) k
WHERE EXISTS (SELECT 1 FROM land_classes c WHERE c.code = k OR c.group_code = k)
