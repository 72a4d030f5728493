-- Area claims (申报面积口径), one per parcel: how a parcel's claimed_area_mu was obtained. Named queries for
-- server/handlers/area-claims.ts through the record flow of record-crud.ts, and for the import commit. basis:
-- 'ellipsoid' (CGCS2000), 'gk3' (GK 3° planar in the parcel's zone) or 'unknown'; decimals: the mu digits the
-- claim was stated with; point_error_m: m_j in metres, leaving as numeric text ('0.050'); claimed_geom: the
-- outline the claim came with, MultiPolygon EPSG:4490, leaving as GeoJSON (9 decimals, 0.1 mm) or NULL.

-- name: select_one
-- One claim as its JSON fields. $1 claim id.
SELECT c.id, c.project_id, c.parcel_id, p.code AS parcel_code, c.basis, c.decimals::int AS decimals,
       c.point_error_m::text AS point_error_m, ST_AsGeoJSON(c.claimed_geom, 9, 0)::jsonb AS claimed_geom, c.source,
       c.version, c.updated_at, c.updated_by
FROM area_claims c
JOIN parcels p ON p.id = c.parcel_id
WHERE c.id = $1::int

-- name: list
-- $1 project, $2 parcel, $3 household (claims belong to none: a household filter finds nothing), each or NULL;
-- $4 row limit. By id.
SELECT c.id, c.project_id, c.parcel_id, p.code AS parcel_code, c.basis, c.decimals::int AS decimals,
       c.point_error_m::text AS point_error_m, ST_AsGeoJSON(c.claimed_geom, 9, 0)::jsonb AS claimed_geom, c.source,
       c.version, c.updated_at, c.updated_by
FROM area_claims c
JOIN parcels p ON p.id = c.parcel_id
WHERE ($1::int IS NULL OR c.project_id = $1::int)
  AND ($2::int IS NULL OR c.parcel_id = $2::int)
  AND $3::int IS NULL
ORDER BY c.id
LIMIT $4::int

-- name: for_update
SELECT id, version, project_id FROM area_claims WHERE id = $1::int FOR UPDATE

-- name: parcel_project
-- The project of active parcel $1, the parcel locked until commit (a split or merge waits); no row when none.
SELECT project_id FROM parcels WHERE id = $1::int FOR SHARE

-- name: parcel_of
-- The project of active parcel $1, for a read; no row when none.
SELECT project_id FROM parcels WHERE id = $1::int

-- name: of_parcel
-- The claim of parcel $1 other than $2 (or NULL), for the one-per-parcel answer.
SELECT id FROM area_claims WHERE parcel_id = $1::int AND ($2::int IS NULL OR id <> $2::int)

-- name: outline_issues
-- Why an outline (GeoJSON text already checked by geojson-intake.ts) cannot be stored: zd_geometry_issues, the rule
-- of parcel geometry (validity, at least 1 m²), except the jurisdiction: a claimed outline may lie off the parcel
-- and off the map of the jurisdiction (a GCJ-02 outline lies 500–700 m away).
SELECT code, reason, lon, lat
FROM zd_geometry_issues(zd_geometry_from_geojson($1::text))
WHERE code <> 'OUTSIDE_JURISDICTION'

-- name: insert
-- $1 project; $2 parcel; $3 basis; $4 decimals; $5 point_error_m (numeric text); $6 outline GeoJSON text or NULL;
-- $7 source; $8 user.
INSERT INTO area_claims (project_id, parcel_id, basis, decimals, point_error_m, claimed_geom, source, updated_by)
VALUES ($1::int, $2::int, $3::text, $4::int, $5::numeric, zd_geometry_from_geojson($6::text), $7::text, $8::text)
RETURNING id

-- name: update
-- Claim $1 at version $2; $3..$9 as $1..$7 of insert; $10 user.
UPDATE area_claims
SET project_id = $3::int, parcel_id = $4::int, basis = $5::text, decimals = $6::int, point_error_m = $7::numeric,
    claimed_geom = zd_geometry_from_geojson($8::text), source = $9::text, updated_by = $10::text, updated_at = now(),
    version = version + 1
WHERE id = $1::int AND version = $2::int
RETURNING id

-- name: delete
DELETE FROM area_claims WHERE id = $1::int AND version = $2::int RETURNING id

-- name: insert_many
-- The claims an import states, one per new parcel of project $1: $2 a JSON array of {parcel_id, basis, decimals,
-- point_error_m (text), source}; $3 user. Run after the parcels are inserted, in the import's transaction.
INSERT INTO area_claims (project_id, parcel_id, basis, decimals, point_error_m, source, updated_by)
SELECT $1::int, (c ->> 'parcel_id')::int, c ->> 'basis', (c ->> 'decimals')::int, (c ->> 'point_error_m')::numeric,
       c ->> 'source', $3::text
FROM jsonb_array_elements($2::jsonb) AS c
RETURNING id, parcel_id
