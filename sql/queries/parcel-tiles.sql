-- The parcel vector tiles (server/tiles/parcel-tiles.ts): one parameterised query per tile, on the stored
-- EPSG:3857 columns (migrations/013_parcel_tiles.sql). The envelope widened by the 64-px buffer is only the index
-- filter; ST_AsMVTGeom (server databases) or zd_tile_coords (embedded: the Node encoder) clips. Extent 4096.
-- overview_mvt answers one row (mvt bytea, or NULL when no feature is drawn; capped: more features met the tile than
-- $4 allowed, in which case the $4 of lowest id are drawn). parcels_mvt and parcels_labels_mvt draw at most $4 rows
-- and count them (met); server/tiles/parcel-tiles.ts asks for cap + 1 to learn whether the cap left some out. Each
-- *_rows query answers the same features (the first $4 + 1 met, by id; geometry_json NULL for one that draws
-- nothing), the geometry in tile coordinates as GeoJSON, for server/tiles/mvt-encode.ts.

-- name: parcels_mvt
-- $1 z (14 or 15), $2 x, $3 y, $4 rows at most (the caller passes cap + 1, and cap again when more met the tile).
-- Layer parcels: feature id = parcel id; properties project_id, status, land_class, code: what the map colours and
-- names by; everything else by id from GET /api/parcels/:id. met: the parcels met (at most $4).
-- Written as the plain floor is (one index scan, ST_AsMVTGeom once a row, after the sort and limit by id): the
-- envelope is a constant of the plan, so PostgreSQL estimates the hits and takes a bitmap scan; ST_AsMVT skips rows
-- whose geometry ST_AsMVTGeom clipped away (NULL), so no filter computes it twice.
SELECT ST_AsMVT(s, 'parcels', 4096, 'geom', 'id') AS mvt, count(*)::integer AS met
FROM (
  SELECT p.id, p.project_id, p.status, p.land_class, p.code,
         ST_AsMVTGeom(p.geom_3857, ST_TileEnvelope($1::integer, $2::integer, $3::integer), 4096, 64, true) AS geom
  FROM parcels p
  WHERE p.geom_3857 && ST_TileEnvelope($1::integer, $2::integer, $3::integer, margin => 64.0 / 4096)
  ORDER BY p.id
  LIMIT $4::integer
) s;

-- name: parcels_labels_mvt
-- $1 z (16 and more), $2 x, $3 y, $4 as parcels_mvt. Layer parcels as there, and layer parcel_labels: the stored
-- label point (label_3857, zd_label_point) of each drawn parcel when it lies in the tile or its buffer, feature id =
-- parcel id, property code (a label point lies inside its parcel, so only drawn parcels have labels that can meet
-- the tile). The parcels met are read once (a small set at these zooms) for both layers; two layers are two
-- concatenated tile messages.
WITH drawn AS MATERIALIZED (
  SELECT p.id, p.project_id, p.status, p.land_class, p.code, p.geom_3857, p.label_3857
  FROM parcels p
  WHERE p.geom_3857 && ST_TileEnvelope($1::integer, $2::integer, $3::integer, margin => 64.0 / 4096)
  ORDER BY p.id
  LIMIT $4::integer
)
SELECT coalesce((SELECT ST_AsMVT(s, 'parcels', 4096, 'geom', 'id')
                 FROM (SELECT d.id, d.project_id, d.status, d.land_class, d.code,
                              ST_AsMVTGeom(d.geom_3857, ST_TileEnvelope($1::integer, $2::integer, $3::integer), 4096, 64, true) AS geom
                       FROM drawn d) s), '')
       || coalesce((SELECT ST_AsMVT(l, 'parcel_labels', 4096, 'geom', 'id')
                    FROM (SELECT d.id, d.code,
                                 ST_AsMVTGeom(d.label_3857, ST_TileEnvelope($1::integer, $2::integer, $3::integer), 4096, 64, true) AS geom
                          FROM drawn d) l), '') AS mvt,
       (SELECT count(*) FROM drawn)::integer AS met;

-- name: parcels_rows
-- $1 z, $2 x, $3 y, $4 feature cap. The features of parcels_mvt for the Node encoder; label_json: the label point in
-- tile coordinates from z16 (NULL below, or when it lies outside the tile and its buffer).
WITH env AS (SELECT ST_TileEnvelope($1::integer, $2::integer, $3::integer) AS e)
SELECT p.id, p.project_id, p.status, p.land_class, p.code,
       ST_AsGeoJSON(zd_tile_coords(p.geom_3857, env.e, 4096, 64), 0) AS geometry_json,
       CASE WHEN $1::integer >= 16 THEN ST_AsGeoJSON(zd_tile_coords(p.label_3857, env.e, 4096, 64), 0) END AS label_json
FROM parcels p, env
WHERE p.geom_3857 && ST_Expand(env.e, (ST_XMax(env.e) - ST_XMin(env.e)) * 64 / 4096)
ORDER BY p.id
LIMIT $4::integer + 1;

-- name: overview_mvt
-- $1 z, $2 x, $3 y, $4 feature cap. Layer parcels_overview (z ≤ 13), feature id = parcel_overview.id (changes when
-- the overview is rebuilt), properties: kind (grid | township | village), parcels (count), area_mu (Σ ellipsoidal
-- area in mu, 3 decimals, text), name (townships and villages). Grid cells of cell zoom 16 at z 12–13, 14 at z 10–11,
-- 12 at z 8–9, 10 below (16 cells or fewer across a tile at the band's first zoom); township points at z 8–10,
-- village points at z 11–13.
WITH env AS (SELECT ST_TileEnvelope($1::integer, $2::integer, $3::integer) AS e),
hit AS (
  SELECT o.id, o.kind, o.parcels, round(o.area_m2 * 15 / 10000, 3)::text AS area_mu, nullif(o.name, '') AS name, o.geom_3857
  FROM parcel_overview o, env
  WHERE o.geom_3857 && ST_Expand(env.e, (ST_XMax(env.e) - ST_XMin(env.e)) * 64 / 4096)
    AND ((o.kind = 'grid' AND o.cell_zoom = CASE WHEN $1::integer >= 12 THEN 16 WHEN $1::integer >= 10 THEN 14
                                                  WHEN $1::integer >= 8 THEN 12 ELSE 10 END)
         OR (o.kind = 'township' AND $1::integer BETWEEN 8 AND 10)
         OR (o.kind = 'village' AND $1::integer BETWEEN 11 AND 13))
  ORDER BY o.id
  LIMIT $4::integer + 1
),
rows AS (
  SELECT h.id, h.kind, h.parcels, h.area_mu, h.name, ST_AsMVTGeom(h.geom_3857, env.e, 4096, 64, true) AS geom
  FROM (SELECT * FROM hit ORDER BY id LIMIT $4::integer) h, env
)
SELECT (SELECT ST_AsMVT(rows, 'parcels_overview', 4096, 'geom', 'id') FROM rows) AS mvt,
       (SELECT count(*) FROM hit) > $4::integer AS capped;

-- name: overview_rows
-- $1 z, $2 x, $3 y, $4 feature cap. The features of overview_mvt for the Node encoder.
WITH env AS (SELECT ST_TileEnvelope($1::integer, $2::integer, $3::integer) AS e)
SELECT o.id, o.kind, o.parcels, round(o.area_m2 * 15 / 10000, 3)::text AS area_mu, nullif(o.name, '') AS name,
       ST_AsGeoJSON(zd_tile_coords(o.geom_3857, env.e, 4096, 64), 0) AS geometry_json
FROM parcel_overview o, env
WHERE o.geom_3857 && ST_Expand(env.e, (ST_XMax(env.e) - ST_XMin(env.e)) * 64 / 4096)
  AND ((o.kind = 'grid' AND o.cell_zoom = CASE WHEN $1::integer >= 12 THEN 16 WHEN $1::integer >= 10 THEN 14
                                                WHEN $1::integer >= 8 THEN 12 ELSE 10 END)
       OR (o.kind = 'township' AND $1::integer BETWEEN 8 AND 10)
       OR (o.kind = 'village' AND $1::integer BETWEEN 11 AND 13))
ORDER BY o.id
LIMIT $4::integer + 1;

-- name: refresh
-- Folds the overview differences staged by this transaction's parcel writes (zd_parcel_overview_refresh).
SELECT zd_parcel_overview_refresh() AS changed;
