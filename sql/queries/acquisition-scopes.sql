-- Acquisition scopes (拟征收范围, one per project): named queries for server/handlers/acquisition-scopes.ts through
-- the record flow of record-crud.ts. geom is MultiPolygon EPSG:4490, normalised by zd_geometry_from_geojson;
-- area_m2 / area_mu are the ellipsoidal areas of zd_area (text, 2 and 4 decimals).

-- name: select_one
-- One scope as its Feature's properties plus geometry_json. $1 scope id.
SELECT s.id, s.project_id, s.source,
       round((zd_area(s.geom) ->> 'ellipsoidal_m2')::numeric, 2)::text AS area_m2,
       round((zd_area(s.geom) ->> 'ellipsoidal_mu')::numeric, 4)::text AS area_mu,
       s.version, s.updated_at, s.updated_by, ST_AsGeoJSON(s.geom, 15, 0) AS geometry_json
FROM acquisition_scopes s
WHERE s.id = $1::int

-- name: list
-- $1 project, $2 parcel, $3 household (each or NULL: the scope of the project of that parcel or household); $4 row
-- limit; $5..$8 bbox or NULLs. By id.
SELECT s.id, s.project_id, s.source,
       round((zd_area(s.geom) ->> 'ellipsoidal_m2')::numeric, 2)::text AS area_m2,
       round((zd_area(s.geom) ->> 'ellipsoidal_mu')::numeric, 4)::text AS area_mu,
       s.version, s.updated_at, s.updated_by, ST_AsGeoJSON(s.geom, 15, 0) AS geometry_json
FROM acquisition_scopes s
WHERE ($1::int IS NULL OR s.project_id = $1::int)
  AND ($2::int IS NULL OR s.project_id = (SELECT p.project_id FROM parcels p WHERE p.id = $2::int))
  AND ($3::int IS NULL OR s.project_id = (SELECT h.project_id FROM households h WHERE h.id = $3::int))
  AND ($5::float8 IS NULL OR s.geom && ST_MakeEnvelope($5::float8, $6::float8, $7::float8, $8::float8, 4490))
ORDER BY s.id
LIMIT $4::int

-- name: for_update
SELECT id, version, project_id FROM acquisition_scopes WHERE id = $1::int FOR UPDATE

-- name: insert
-- $1 project; $2 GeoJSON; $3 source; $4 user.
INSERT INTO acquisition_scopes (project_id, geom, source, updated_by)
VALUES ($1::int, zd_geometry_from_geojson($2::text), $3::text, $4::text)
RETURNING id

-- name: update
-- Scope $1 at version $2; $3 project; $4 GeoJSON; $5 source; $6 user.
UPDATE acquisition_scopes
SET project_id = $3::int, geom = zd_geometry_from_geojson($4::text), source = $5::text, updated_by = $6::text,
    updated_at = now(), version = version + 1
WHERE id = $1::int AND version = $2::int
RETURNING id

-- name: delete
DELETE FROM acquisition_scopes WHERE id = $1::int AND version = $2::int RETURNING id

-- name: project_exists
SELECT 1 AS found FROM projects WHERE id = $1::int

-- name: from_parcels
-- A proposed scope for project $1: the union of its parcels grown by $2 metres in the Gauss-Krüger 3° plane of the
-- zone of their centroid, simplified to 1 m (ST_SimplifyPreserveTopology), back in EPSG:4490. Where the
-- simplification cut into a parcel (a buffer under 1 m), the parcels are added back, so that every parcel lies in
-- the proposal. NULL geometry when the project has no parcels. area_m2 / area_mu: zd_area of the proposal.
WITH u AS (
  SELECT ST_Union(p.geom) AS g, count(*) AS parcels FROM parcels p WHERE p.project_id = $1::int
), z AS (
  SELECT g, parcels, 4488 + zd_gk3_zone(ST_X(ST_Centroid(g))) AS srid FROM u WHERE g IS NOT NULL
), s AS (
  SELECT g, parcels,
         ST_Transform(ST_SimplifyPreserveTopology(ST_Buffer(ST_Transform(g, srid), $2::float8, 'join=mitre mitre_limit=2'), 1), 4490) AS proposal
  FROM z
), f AS (
  SELECT parcels,
         ST_Multi(ST_CollectionExtract(ST_MakeValid(CASE WHEN ST_Covers(proposal, g) THEN proposal ELSE ST_Union(proposal, g) END), 3)) AS geom
  FROM s
)
SELECT f.parcels::int AS parcels, ST_AsGeoJSON(f.geom, 9, 0) AS geometry_json,
       round((zd_area(f.geom) ->> 'ellipsoidal_m2')::numeric, 2)::text AS area_m2,
       round((zd_area(f.geom) ->> 'ellipsoidal_mu')::numeric, 4)::text AS area_mu,
       (SELECT coalesce(jsonb_agg(jsonb_build_object('code', i.code, 'why', i.reason)), '[]') FROM zd_geometry_issues(f.geom) i) AS issues
FROM f
