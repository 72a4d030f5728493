-- Parcels: named queries for server/handlers/parcels.ts. Geometry is EPSG:4490; features are read from the
-- view parcel_features (sql/views/parcel_features.sql).

-- name: list
-- $1..$4 bbox (minLon, minLat, maxLon, maxLat) or NULLs; $5 project id or NULL; $6 row limit.
SELECT id, project_id, code, land_class, land_class_zh, land_class_en, owner, claimed_area_mu, survey_zone,
       status, version, updated_at, updated_by, area, geometry_json
FROM parcel_features p
WHERE ($1::float8 IS NULL OR p.geom && ST_MakeEnvelope($1::float8, $2::float8, $3::float8, $4::float8, 4490))
  AND ($5::int IS NULL OR p.project_id = $5::int)
ORDER BY p.id
LIMIT $6::int

-- name: by_id
SELECT id, project_id, code, land_class, land_class_zh, land_class_en, owner, claimed_area_mu, survey_zone,
       status, version, updated_at, updated_by, area, geometry_json
FROM parcel_features p
WHERE p.id = $1::int

-- name: version_for_update
-- Locks the row so that the If-Match comparison and the write see the same version.
SELECT version FROM parcels WHERE id = $1::int FOR UPDATE

-- name: geometry_issues
-- $1 GeoJSON text already checked by geojson-intake.ts.
SELECT code, reason, lon, lat FROM zd_geometry_issues(zd_geometry_from_geojson($1::text))

-- name: conflicts
-- $1 GeoJSON text; $2 the parcel being edited or NULL.
SELECT id, code, project_id, overlap_m2 FROM zd_parcel_conflicts(zd_geometry_from_geojson($1::text), $2::int)

-- name: lock
SELECT zd_lock_parcels()

-- name: insert
INSERT INTO parcels (project_id, code, land_class, owner, claimed_area_mu, survey_zone, status, geom, updated_by)
VALUES ($1::int, $2::text, $3::text, $4::text, $5::numeric, $6::int, coalesce($7::text, 'surveyed'),
        zd_geometry_from_geojson($8::text), $9::text)
RETURNING id

-- name: update
UPDATE parcels
SET project_id = $3::int, code = $4::text, land_class = $5::text, owner = $6::text,
    claimed_area_mu = $7::numeric, survey_zone = $8::int, status = coalesce($9::text, status),
    geom = zd_geometry_from_geojson($10::text), updated_by = $11::text, updated_at = now(),
    version = version + 1
WHERE id = $1::int AND version = $2::int
RETURNING id

-- name: delete
DELETE FROM parcels WHERE id = $1::int AND version = $2::int RETURNING id

-- name: history
SELECT h.version, h.operation, h.project_id, h.code, h.land_class, h.owner,
       h.claimed_area_mu::text AS claimed_area_mu, h.survey_zone, h.status, h.changed_by, h.changed_at,
       h.reason, zd_area(h.geom, h.survey_zone) AS area
FROM parcel_history h
WHERE h.parcel_id = $1::int
ORDER BY h.version

-- name: set_actor
-- Who and why for the history trigger, for this transaction only.
SELECT set_config('zd.actor', $1::text, true), set_config('zd.reason', coalesce($2::text, ''), true)

-- name: project_exists
SELECT 1 AS found FROM projects WHERE id = $1::int

-- name: land_class_exists
SELECT 1 AS found FROM land_classes WHERE code = $1::text
