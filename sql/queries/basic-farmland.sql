-- The permanent basic farmland layer (永久基本农田, reference data) for the map: server/handlers/basic-farmland.ts.
-- No personal data: a name and the outline (EPSG:4490, 9 decimals ≈ 0.1 mm); area_m2 / area_mu from zd_area.

-- name: list
-- $1..$4 bbox (minLon, minLat, maxLon, maxLat) or NULLs; $5 row limit. By id.
SELECT f.id, f.name,
       round((zd_area(f.geom) ->> 'ellipsoidal_m2')::numeric, 2)::text AS area_m2,
       round((zd_area(f.geom) ->> 'ellipsoidal_mu')::numeric, 4)::text AS area_mu,
       ST_AsGeoJSON(f.geom, 9, 0) AS geometry_json
FROM basic_farmland f
WHERE ($1::float8 IS NULL OR f.geom && ST_MakeEnvelope($1::float8, $2::float8, $3::float8, $4::float8, 4490))
ORDER BY f.id
LIMIT $5::int
