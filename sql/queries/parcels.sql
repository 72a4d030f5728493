-- Parcels: named queries for server/handlers/parcels.ts. Geometry is EPSG:4490; features are read from the
-- view parcel_features (sql/views/parcel_features.sql).

-- name: list
-- $1..$4 bbox (minLon, minLat, maxLon, maxLat) or NULLs; $5 project id or NULL; $6 row limit.
-- One row per parcel of the page: id, and feature, the parcel as GeoJSON Feature text exactly as
-- server/handlers/parcels.ts featureText writes a by_id row (geometry with 15 decimals, the properties in by_id's
-- column order, updated_at as JavaScript's toISOString writes it, in UTC to the millisecond), so that the handler
-- only joins texts: no row is parsed into JavaScript values and written out again. Built for thousands of rows:
-- the stored figures (area = zd_area, label_point = zd_label_point, kept by the parcels' trigger, migration 017)
-- instead of computing them per row, and the statuses by one grouped join over the page's ids instead of two
-- subqueries a row, by the view's rules (tests/api/parcels-list.test.ts compares every feature with by_id). Only the
-- ids are sorted (which parcels make the page); the rows come in no particular order and the handler puts them in
-- id order.
WITH page AS (
  SELECT ARRAY(
    SELECT p.id FROM parcels p
    WHERE ($1::float8 IS NULL OR p.geom && ST_MakeEnvelope($1::float8, $2::float8, $3::float8, $4::float8, 4490))
      AND ($5::int IS NULL OR p.project_id = $5::int)
    ORDER BY p.id
    LIMIT $6::int) AS ids
),
agreement AS (
  SELECT hp.parcel_id, count(*) AS n, count(a.signed_on) AS signed
  FROM household_parcels hp LEFT JOIN agreements a ON a.household_id = hp.household_id
  WHERE hp.parcel_id = ANY ((SELECT ids FROM page)::int[])
  GROUP BY hp.parcel_id
),
payment AS (
  SELECT ci.parcel_id, count(*) AS n, count(ci.paid_on) AS paid
  FROM (SELECT ci.parcel_id, ci.id, ci.paid_on FROM compensation_items ci WHERE ci.parcel_id = ANY ((SELECT ids FROM page)::int[])
        UNION
        SELECT hp.parcel_id, ci.id, ci.paid_on
        FROM household_parcels hp JOIN compensation_items ci ON ci.household_id = hp.household_id
        WHERE hp.parcel_id = ANY ((SELECT ids FROM page)::int[])) ci
  GROUP BY ci.parcel_id
)
SELECT p.id,
       '{"type":"Feature","id":' || p.id || ',"geometry":' || ST_AsGeoJSON(p.geom, 15, 0) || ',"properties":'
       || row_to_json(props)::text || '}' AS feature
FROM parcels p
JOIN land_classes lc ON lc.code = p.land_class
LEFT JOIN agreement ag ON ag.parcel_id = p.id
LEFT JOIN payment pay ON pay.parcel_id = p.id
CROSS JOIN LATERAL (
  SELECT p.id, p.project_id, p.code, p.land_class, lc.name_zh AS land_class_zh, lc.name_en AS land_class_en, p.owner,
         p.claimed_area_mu::text AS claimed_area_mu, p.survey_zone, p.status, p.version,
         to_char(p.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS updated_at, p.updated_by,
         p.area, json_build_array(ST_X(p.label_point), ST_Y(p.label_point)) AS label_point,
         CASE WHEN ag.n IS NULL THEN 'no_households'
              WHEN ag.signed = 0 THEN 'none_signed'
              WHEN ag.signed < ag.n THEN 'partly_signed'
              ELSE 'all_signed' END AS agreement_status,
         CASE WHEN pay.n IS NULL THEN 'no_items'
              WHEN pay.paid = 0 THEN 'unpaid'
              WHEN pay.paid < pay.n THEN 'partly_paid'
              ELSE 'paid' END AS payment_status
) props
WHERE p.id = ANY ((SELECT ids FROM page)::int[])

-- name: by_id
SELECT id, project_id, code, land_class, land_class_zh, land_class_en, owner, claimed_area_mu, survey_zone,
       status, version, updated_at, updated_by, area, geometry_json, label_point, agreement_status, payment_status
FROM parcel_features p
WHERE p.id = $1::int

-- name: version_for_update
-- Locks the row so that the If-Match comparison and the write see the same version.
SELECT version FROM parcels WHERE id = $1::int FOR UPDATE

-- name: geometry_issues
-- $1 GeoJSON text already checked by geojson-intake.ts.
SELECT code, reason, lon, lat FROM zd_geometry_issues(zd_geometry_from_geojson($1::text))

-- name: conflicts
-- $1 GeoJSON text; $2 the parcel being edited or NULL. geometry: the overlap as GeoJSON (EPSG:4490, 9 decimals,
-- about 0.1 mm), for drawing it on the map.
SELECT id, code, project_id, overlap_m2, overlap_mu, ST_AsGeoJSON(overlap, 9, 0)::json AS geometry
FROM zd_parcel_conflicts(zd_geometry_from_geojson($1::text), $2::int)

-- name: lock
SELECT zd_lock_parcels()

-- name: outside_scope
-- Project $1's acquisition scope when geometry $2 (GeoJSON text, valid) lies wholly outside it (zd_scope_fit: at most
-- 1 m² inside), with the distance to it in whole metres; no row when the project has no scope, when the geometry
-- is (even partly) inside, or when parcel $3 (NULL for a new parcel) already has this geometry in this project (an
-- edit of its attributes alone). The scope row is locked FOR SHARE until the end of the transaction: a concurrent
-- scope edit waits for this write, or this check waits for its commit and reads the new outline. Scope writes never
-- take the parcels lock (zd_lock_parcels), so writers may take the two in either order without a deadlock.
WITH s AS MATERIALIZED (
  SELECT id, project_id, geom FROM acquisition_scopes WHERE project_id = $1::int FOR SHARE
), g AS (
  SELECT zd_geometry_from_geojson($2::text) AS geom
)
SELECT s.id AS scope_id, pr.code AS project_code, round(f.distance_m)::int AS distance_m
FROM s
JOIN projects pr ON pr.id = s.project_id
CROSS JOIN g
CROSS JOIN LATERAL zd_scope_fit(g.geom, s.geom) f
WHERE f.wholly_outside
  AND NOT EXISTS (SELECT 1 FROM parcels p WHERE p.id = $3::int AND p.project_id = $1::int AND ST_Equals(p.geom, g.geom))

-- name: records_outside
-- The buildings and graves of parcel $1 that a new geometry $2 (GeoJSON text, valid) would leave outside it, by the
-- rules of their own writes: a footprint more than 0.5 m² (ellipsoidal, the difference's geodesic area) outside
-- (BUILDING_OUTSIDE_PARCEL, sql/queries/buildings.sql outside_parcel), a grave point not covered
-- (GRAVE_OUTSIDE_PARCEL). outside_m2: m² rounded to 2 decimals (NULL for graves). By kind, then code.
WITH g AS (SELECT zd_geometry_from_geojson($2::text) AS geom),
b AS (
  SELECT b.id, b.code, ST_Area(ST_Difference(b.footprint, g.geom)::geography) AS outside
  FROM buildings b, g
  WHERE b.parcel_id = $1::int
)
SELECT 'building' AS kind, b.id, b.code, round(b.outside::numeric, 2)::float8 AS outside_m2
FROM b
WHERE b.outside > 0.5
UNION ALL
SELECT 'grave', r.id, r.code, NULL
FROM graves r, g
WHERE r.parcel_id = $1::int AND NOT ST_Covers(g.geom, r.location)
ORDER BY 1, 3

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
       h.reason, zd_area(h.geom, h.survey_zone) AS area, h.parent_ids, h.child_ids, h.restored_from
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

-- name: history_version
-- One version of a parcel (also of one that was deleted, split or merged), as GET /parcels/:id/history/:version
-- and restore read it, with label_point as in parcel_features. $1 parcel id; $2 version.
SELECT h.parcel_id, h.version, h.operation, h.project_id, h.code, h.land_class, lc.name_zh AS land_class_zh,
       lc.name_en AS land_class_en, h.owner, h.claimed_area_mu::text AS claimed_area_mu, h.survey_zone, h.status,
       h.changed_by, h.changed_at, h.reason, h.parent_ids, h.child_ids, h.restored_from,
       zd_area(h.geom, h.survey_zone) AS area, ST_AsGeoJSON(h.geom, 15, 0) AS geometry_json,
       (SELECT json_build_array(ST_X(l.pt), ST_Y(l.pt)) FROM zd_label_point(h.geom) AS l(pt)) AS label_point
FROM parcel_history h
JOIN land_classes lc ON lc.code = h.land_class
WHERE h.parcel_id = $1::int AND h.version = $2::int

-- name: check
-- POST /parcels/check in one round trip: the areas, every issue zd_geometry_issues finds, and, for a valid
-- geometry only (GEOS cannot intersect an invalid one), the conflicts as in `conflicts`.
-- $1 GeoJSON text checked by geojson-intake.ts; $2 survey zone or NULL; $3 the parcel being edited or NULL.
WITH g AS (SELECT zd_geometry_from_geojson($1::text) AS geom)
SELECT zd_area(g.geom, $2::int) AS area,
       (SELECT coalesce(json_agg(json_build_object('code', i.code, 'reason', i.reason, 'lon', i.lon, 'lat', i.lat)), '[]'::json)
        FROM zd_geometry_issues(g.geom) i) AS issues,
       CASE WHEN ST_IsValid(g.geom) THEN
         (SELECT coalesce(json_agg(json_build_object('id', c.id, 'code', c.code, 'project_id', c.project_id,
                   'overlap_m2', c.overlap_m2, 'overlap_mu', c.overlap_mu, 'geometry', ST_AsGeoJSON(c.overlap, 9, 0)::json)
                   ORDER BY c.overlap_m2 DESC, c.id), '[]'::json)
          FROM zd_parcel_conflicts(g.geom, $3::int) c)
       ELSE '[]'::json END AS conflicts
FROM g

-- name: lineage_source
-- The active parcels a split or merge starts from ($1 parcel ids), locked in id order, so that two writers
-- locking overlapping sets cannot deadlock; like every parcel write, row locks come before zd_lock_parcels().
SELECT p.id, p.version, p.project_id, p.code, p.land_class, p.owner, p.survey_zone, p.status
FROM parcels p
WHERE p.id = ANY ($1::int[])
ORDER BY p.id
FOR UPDATE

-- name: by_ids
-- Features of the parcels $1 (ids), in that order.
SELECT id, project_id, code, land_class, land_class_zh, land_class_en, owner, claimed_area_mu, survey_zone,
       status, version, updated_at, updated_by, area, geometry_json, label_point, agreement_status, payment_status
FROM parcel_features p
WHERE p.id = ANY ($1::int[])
ORDER BY array_position($1::int[], p.id)

-- name: split_pieces
-- $1 parcel id; $2 the split line as GeoJSON LineString text checked by parcel-lineage.ts. The pieces as GeoJSON
-- text (15 decimals: exact for doubles at these magnitudes), in zd_split_parcel's order; none when it misses.
SELECT s.n, ST_AsGeoJSON(s.geom, 15, 0) AS geometry_json
FROM parcels p, zd_split_parcel(p.geom, ST_SetSRID(ST_GeomFromGeoJSON($2::text), 4490)) s
WHERE p.id = $1::int
ORDER BY s.n

-- name: split_misses
-- $1 parcel id; $2 the split line as in split_pieces. One of zd_split_line_misses' reasons.
SELECT zd_split_line_misses(p.geom, ST_SetSRID(ST_GeomFromGeoJSON($2::text), 4490)) AS reason
FROM parcels p
WHERE p.id = $1::int

-- name: merge_geometry
-- $1 parcel ids. The union as GeoJSON text and its number of polygons (zd_merge_parcels).
SELECT ST_AsGeoJSON(m.geom, 15, 0) AS geometry_json, m.parts
FROM zd_merge_parcels($1::int[]) m

-- name: reserve_ids
-- $1 how many parcel ids to take from the parcels identity now, so that a split or merge can name its children
-- in the parents' history before the children exist (insert_with_id then uses them).
SELECT nextval(pg_get_serial_sequence('parcels', 'id'))::int AS id FROM generate_series(1, $1::int)

-- name: insert_with_id
-- As insert, with $10 an id from reserve_ids.
INSERT INTO parcels (id, project_id, code, land_class, owner, claimed_area_mu, survey_zone, status, geom, updated_by)
OVERRIDING SYSTEM VALUE
VALUES ($10::int, $1::int, $2::text, $3::text, $4::text, $5::numeric, $6::int, coalesce($7::text, 'surveyed'),
        zd_geometry_from_geojson($8::text), $9::text)
RETURNING id

-- name: set_lineage
-- What the history trigger records besides who and why, for this transaction only (see zd_parcel_history.sql):
-- $1 operation ('split', 'merge', 'restore'); $2 parent ids or NULL; $3 child ids or NULL; $4 restored version or NULL.
SELECT set_config('zd.operation', coalesce($1::text, ''), true),
       set_config('zd.parents', coalesce($2::int[]::text, ''), true),
       set_config('zd.children', coalesce($3::int[]::text, ''), true),
       set_config('zd.restored_from', coalesce($4::int::text, ''), true)

-- name: area_balance
-- Area conservation of a split or merge, after its writes: the parents' ellipsoidal areas (from their split/merge
-- rows in the history) against the children's (active parcels), both by zd_area, in mu. Conserved within
-- 0.001 mu. $1 parent ids; $2 child ids.
WITH before AS (
  SELECT coalesce(sum((zd_area(h.geom, h.survey_zone)->>'ellipsoidal_mu')::float8), 0) AS mu
  FROM parcel_history h
  WHERE h.parcel_id = ANY ($1::int[]) AND h.operation IN ('split', 'merge')
), after AS (
  SELECT coalesce(sum((p.area->>'ellipsoidal_mu')::float8), 0) AS mu  -- stored zd_area (migration 017)
  FROM parcels p
  WHERE p.id = ANY ($2::int[])
)
SELECT before.mu AS before_mu, after.mu AS after_mu, abs(before.mu - after.mu) <= 0.001 AS conserved
FROM before, after
