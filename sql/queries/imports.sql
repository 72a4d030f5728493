-- Imports: named queries for server/handlers/imports.ts. Coordinates arrive in the file's CRS and are turned
-- into parcel geometry (MultiPolygon, EPSG:4490) by zd_geometry_from_source; areas by zd_area; validity by
-- zd_geometry_issues; overlaps with stored parcels by zd_parcel_conflicts.

-- name: zone_candidates
-- The 3° Gauss-Krüger zones z (25…45) in which an extent of unprefixed [easting, northing] metres lands inside
-- the jurisdiction: the zone of a table without zone prefix when only one fits. $1..$4 minE, minN, maxE, maxN.
SELECT z AS zone
FROM generate_series(25, 45) AS z
WHERE EXISTS (
  SELECT 1 FROM jurisdictions j
  WHERE ST_Covers(j.geom, ST_Transform(ST_SetSRID(ST_MakeEnvelope($1::float8, $2::float8, $3::float8, $4::float8), 4509 + z), 4490))
)
ORDER BY z

-- name: preview
-- Every feature of a file at once. $1 jsonb array of { i: index, gj: GeoJSON text in the source CRS, srid, zone:
-- the survey zone or null }. Per feature: the geometry as stored (GeoJSON, 15 decimals), zd_area in the survey
-- zone, the issues zd_geometry_issues finds, and, for a valid geometry only (GEOS cannot intersect an invalid
-- one), the stored parcels it overlaps by more than 1 m² with the overlap drawn as GeoJSON (9 decimals, ~0.1 mm).
WITH f AS (
  SELECT (e->>'i')::int AS i, (e->>'zone')::int AS zone, zd_geometry_from_source(e->>'gj', (e->>'srid')::int) AS g
  FROM jsonb_array_elements($1::jsonb) AS e
)
SELECT f.i, ST_AsGeoJSON(f.g, 15, 0) AS geometry_json, zd_area(f.g, f.zone) AS area,
       (SELECT coalesce(json_agg(json_build_object('code', x.code, 'reason', x.reason, 'lon', x.lon, 'lat', x.lat)), '[]'::json)
        FROM zd_geometry_issues(f.g) x) AS issues,
       CASE WHEN ST_IsValid(f.g) THEN
         (SELECT coalesce(json_agg(json_build_object('id', c.id, 'code', c.code, 'project_id', c.project_id,
                   'overlap_m2', c.overlap_m2, 'overlap_mu', c.overlap_mu, 'geometry', ST_AsGeoJSON(c.overlap, 9)::json)
                   ORDER BY c.overlap_m2 DESC, c.id), '[]'::json)
          FROM zd_parcel_conflicts(f.g, NULL) c)
       ELSE '[]'::json END AS conflicts
FROM f
ORDER BY f.i

-- name: batch_overlaps
-- Overlaps between the features of one file, by the rule of zd_parcel_conflicts (interiors intersect and the
-- overlap's ellipsoidal area by zd_area is over 1 m²). $1 jsonb array of { i, gj: GeoJSON text in EPSG:4490 }.
-- One row per pair a < b.
WITH f AS (
  SELECT (e->>'i')::int AS i, zd_geometry_from_geojson(e->>'gj') AS g
  FROM jsonb_array_elements($1::jsonb) AS e
), v AS (
  SELECT i, g FROM f WHERE ST_IsValid(g)
), o AS (
  SELECT a.i AS a, b.i AS b, ST_Multi(ST_CollectionExtract(ST_Intersection(a.g, b.g), 3)) AS overlap
  FROM v a JOIN v b ON a.i < b.i AND a.g && b.g AND ST_Relate(a.g, b.g, 'T********')
), m AS (
  SELECT o.a, o.b, o.overlap, zd_area(o.overlap) AS area FROM o WHERE NOT ST_IsEmpty(o.overlap)
)
SELECT m.a, m.b, (m.area->>'ellipsoidal_m2')::float8 AS overlap_m2, (m.area->>'ellipsoidal_mu')::float8 AS overlap_mu,
       ST_AsGeoJSON(m.overlap, 9)::json AS geometry
FROM m
WHERE (m.area->>'ellipsoidal_m2')::float8 > 1.0
ORDER BY m.a, m.b

-- name: codes_taken
-- Which of the codes $2 (text[]) the project $1 already uses.
SELECT code FROM parcels WHERE project_id = $1::int AND code = ANY($2::text[]) ORDER BY code

-- name: by_key
-- The import a user already made with an Idempotency-Key. $1 username; $2 key.
SELECT id, parcel_ids, request_hash FROM imports WHERE created_by = $1::text AND idempotency_key = $2::text

-- name: insert
INSERT INTO imports (project_id, format, filename, source_crs, encoding, feature_count, idempotency_key, request_hash, created_by)
VALUES ($1::int, $2::text, $3::text, $4::text, $5::text, $6::int, $7::text, $8::text, $9::text)
RETURNING id

-- name: set_parcels
UPDATE imports SET parcel_ids = $2::int[] WHERE id = $1::int
