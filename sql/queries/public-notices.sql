-- The public portal's reads (server/handlers/public-notices.ts, public-tiles.ts): run under the role zd_public
-- (server/db/public-reads.ts), so they can see only the view public_notices (sql/views/public_notices.sql).
-- Areas are the decimal strings of figures (computed by zd_area at draft time); geometry is GeoJSON text of the
-- CGCS2000 outline (lon/lat, the same numbers as WGS84 at the portal's scale).

-- name: list
-- $1 q (text searched in title, body, project name and code, township and collectives; null = all)
-- $2 kind (null = all), $3 township (exact; null = all),
-- $4 status: 'current' (published, not expired), 'expired', or 'all',
-- $5 from, $6 to: Beijing dates; a notice matches when its posting period starts_on … ends_on meets from … to,
-- $7 min_mu, $8 max_mu: numeric bounds on figures.area_mu (inclusive), $9 limit.
SELECT id, title, kind, status, project_name, project_name_en, project_code, township,
       figures->>'area_mu' AS total_mu, figures->>'area_ha' AS total_ha,
       coalesce(figures->'land_classes', '[]'::jsonb) AS land_classes,
       coalesce(figures->'collectives', '[]'::jsonb) AS collectives,
       published_at, starts_on::text AS starts_on, ends_on::text AS ends_on,
       hearing_deadline::text AS hearing_deadline, hearing_open, body, geometry_json
FROM public_notices
WHERE ($1::text IS NULL
       OR strpos(lower(title || ' ' || body || ' ' || project_name || ' ' || coalesce(project_name_en, '') || ' '
                       || project_code || ' ' || coalesce(township, '') || ' ' || coalesce(figures->>'collectives', '')),
                 lower($1::text)) > 0)
  AND ($2::text IS NULL OR kind = $2::text)
  AND ($3::text IS NULL OR township = $3::text)
  AND ($4::text = 'all' OR ($4::text = 'current' AND status = 'published') OR ($4::text = 'expired' AND status = 'expired'))
  AND ($5::date IS NULL OR ends_on >= $5::date)
  AND ($6::date IS NULL OR starts_on <= $6::date)
  AND ($7::numeric IS NULL OR (figures->>'area_mu')::numeric >= $7::numeric)
  AND ($8::numeric IS NULL OR (figures->>'area_mu')::numeric <= $8::numeric)
ORDER BY starts_on DESC, id DESC
LIMIT $9;

-- name: select_one
-- $1 notice id. One public notice with everything the portal shows of it.
SELECT id, title, kind, status, project_name, project_name_en, project_code, township, contacts,
       period_days, period_unit,
       figures->>'area_mu' AS total_mu, figures->>'area_ha' AS total_ha,
       coalesce(figures->'land_classes', '[]'::jsonb) AS land_classes,
       coalesce(figures->'collectives', '[]'::jsonb) AS collectives,
       coalesce(figures->'rates', '[]'::jsonb) AS rates,
       published_at, starts_on::text AS starts_on, ends_on::text AS ends_on,
       hearing_deadline::text AS hearing_deadline, hearing_open, body, geometry_json
FROM public_notices
WHERE id = $1;

-- name: tile_mvt
-- $1 z, $2 x, $3 y. The tile as ST_AsMVT bytes (server databases only: PGlite has no protobuf): layer notices,
-- extent 4096, buffer 64 px, feature id = notice id, properties kind and status. The envelope widened by the
-- buffer is only the index filter; ST_AsMVTGeom clips.
WITH env AS (SELECT ST_TileEnvelope($1::integer, $2::integer, $3::integer) AS e),
rows AS (
  SELECT n.id, n.kind, n.status, ST_AsMVTGeom(n.geom_3857, env.e, 4096, 64, true) AS geom
  FROM public_notices n, env
  WHERE n.geom_3857 && ST_Expand(env.e, (ST_XMax(env.e) - ST_XMin(env.e)) * 64 / 4096)
)
SELECT ST_AsMVT(rows, 'notices', 4096, 'geom', 'id') AS mvt
FROM rows
WHERE geom IS NOT NULL;

-- name: tile_rows
-- $1 z, $2 x, $3 y. The same rows as tile_mvt with the geometry already in tile coordinates (zd_tile_coords: 0…4096,
-- y down, integers, clipped to the 64-px buffer, valid, polygons only) as GeoJSON, for the Node encoder (server/tiles/).
WITH env AS (SELECT ST_TileEnvelope($1::integer, $2::integer, $3::integer) AS e),
rows AS (
  SELECT n.id, n.kind, n.status, zd_tile_coords(n.geom_3857, env.e, 4096, 64) AS geom
  FROM public_notices n, env
  WHERE n.geom_3857 && ST_Expand(env.e, (ST_XMax(env.e) - ST_XMin(env.e)) * 64 / 4096)
)
SELECT id, kind, status, ST_AsGeoJSON(geom, 0) AS geometry_json
FROM rows
WHERE geom IS NOT NULL
ORDER BY id;

-- name: public_version
-- The public version (server/db/public-version.ts), read with the application's rights (zd_public cannot read
-- notice_events): the last publish, withdraw or expire event, and the Beijing date, as `<id>-<YYYYMMDD>`.
SELECT coalesce(max(id), 0)::text || '-' || to_char((now() AT TIME ZONE 'Asia/Shanghai')::date, 'YYYYMMDD') AS version
FROM notice_events
WHERE action IN ('published', 'withdrawn', 'expired');
