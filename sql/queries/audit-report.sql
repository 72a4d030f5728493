-- The audit report of a period (server/db/audit-report.ts, GET /api/audit/report).
-- Period: $1 from, $2 to, dates YYYY-MM-DD, both inclusive, as calendar days in Asia/Shanghai (Beijing time): a
-- sign-off made at 2021-12-31 23:30 Beijing time (15:30 UTC) belongs to 2021, one at 2022-01-01 00:10 (16:10 UTC
-- on 2021-12-31) does not. Figures: decimal text, computed here in numeric, never in floating point.

-- name: period
-- $3 integer[] of project ids, or NULL for every project. One row: `projects`, each chosen project in code order
-- (code-point order) with its latest sign-off signed within the period (or null: not audited in the period), and
-- `totals` over those sign-offs only: the sign-offs' own totals (zd_audit_totals at the signature) summed, land as
-- Σ land_m2 converted once to mu and rounded half-up to 3 decimals, houses Σ houses_m2 to 2 decimals, persons Σ.
-- `land_mu`: the project's own land_m2 in mu to 3 decimals (the report's unit; the sum of these may differ from
-- totals.land_mu by a thousandth, which is converted once from the summed m²).
-- `stale`: the project changed after the signature (its parcels, households, records or funds): zd_signoff_changes
-- gives a row, as the workbench's sign-off view lists them.
WITH chosen AS (
  SELECT p.id, p.code, p.name FROM projects p WHERE $3::int[] IS NULL OR p.id = ANY ($3::int[])
), latest AS (
  SELECT DISTINCT ON (s.project_id) s.*
  FROM audit_signoffs s JOIN chosen c ON c.id = s.project_id
  WHERE (s.signed_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $1::date AND $2::date
  ORDER BY s.project_id, s.signed_at DESC, s.id DESC
), rows AS (
  SELECT c.id, c.code, c.name, l.id AS signoff_id, l.signed_by, l.signed_at, l.totals, l.findings,
         l.id IS NOT NULL AND EXISTS (SELECT 1 FROM zd_signoff_changes(l.id))
         AS stale
  FROM chosen c LEFT JOIN latest l ON l.project_id = c.id
)
SELECT
  coalesce(jsonb_agg(jsonb_build_object(
    'id', r.id, 'code', r.code, 'name', r.name,
    'signoff', CASE WHEN r.signoff_id IS NULL THEN NULL ELSE jsonb_build_object(
      'id', r.signoff_id, 'signed_by', r.signed_by,
      'signed_at', to_char(r.signed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'signed_on', to_char(r.signed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD'),
      'stale', r.stale) END,
    'totals', r.totals,
    'land_mu', round((r.totals ->> 'land_m2')::numeric * 15 / 10000, 3)::text,
    'findings', coalesce(r.findings, '[]'::jsonb)) ORDER BY r.code COLLATE "C", r.id), '[]') AS projects,
  jsonb_build_object(
    'projects', count(r.signoff_id)::int,
    'parcels', coalesce(sum((r.totals ->> 'parcels')::int), 0)::int,
    'land_m2', round(coalesce(sum((r.totals ->> 'land_m2')::numeric), 0), 2)::text,
    'land_mu', round(coalesce(sum((r.totals ->> 'land_m2')::numeric), 0) * 15 / 10000, 3)::text,
    'buildings', coalesce(sum((r.totals ->> 'buildings')::int), 0)::int,
    'houses_m2', round(coalesce(sum((r.totals ->> 'houses_m2')::numeric), 0), 2)::text,
    'households', coalesce(sum((r.totals ->> 'households')::int), 0)::int,
    'persons', coalesce(sum((r.totals ->> 'persons')::int), 0)::int) AS totals
FROM rows r

-- name: unknown_projects
-- $1 integer[]: the ids among them that name no project (a report asked for them is refused).
SELECT x.id FROM unnest($1::int[]) AS x(id) WHERE NOT EXISTS (SELECT 1 FROM projects p WHERE p.id = x.id) ORDER BY x.id

-- name: land_classes
-- GB/T 21010-2017 names for the per-parcel table.
SELECT code, name_zh, name_en FROM land_classes

-- name: map_frame
-- $1 integer[] of project ids: the CGCS2000 3° Gauss-Krüger zone of the centre of their parcels (the map is
-- drawn in it, so the scale bar is in metres), its EPSG code (4488 + zone, easting with the zone prefix), the
-- extent in that zone, and the meridian convergence at the centre: the angle in degrees, clockwise from grid
-- north, of true north (the north arrow points there). No row when the projects have no parcels.
WITH c AS (
  SELECT ST_Centroid(ST_Envelope(ST_Collect(geom))) AS centre FROM parcels WHERE project_id = ANY ($1::int[])
), z AS (
  SELECT centre, 4488 + zd_gk3_zone(ST_X(centre)) AS epsg FROM c WHERE centre IS NOT NULL
)
SELECT z.epsg - 4488 AS zone, z.epsg,
       degrees(ST_Azimuth(ST_Transform(z.centre, z.epsg), ST_Transform(ST_Translate(z.centre, 0, 0.01), z.epsg))) AS convergence_deg
FROM z

-- name: map_parcels
-- $1 integer[] of project ids, $2 the EPSG code of map_frame: each parcel's outline in that Gauss-Krüger zone
-- (metres, 3 decimals) as GeoJSON, for drawing, and its label point (zd_label_point) there as [easting, northing].
SELECT p.id, p.project_id, p.code, ST_AsGeoJSON(ST_Transform(p.geom, $2::int), 3)::json AS geometry,
       ARRAY[ST_X(lp.pt), ST_Y(lp.pt)] AS label_at
FROM parcels p
CROSS JOIN LATERAL (SELECT ST_Transform(zd_label_point(p.geom), $2::int) AS pt) lp
WHERE p.project_id = ANY ($1::int[])
ORDER BY p.project_id, p.id

-- name: personal_names
-- $1 integer[] of project ids: the names of their households' heads and members (2 characters or more). The report
-- never prints personal data; free text that reaches it (a decision's reason) is scrubbed of these names.
SELECT DISTINCT n.name FROM (
  SELECT h.head_name AS name FROM households h WHERE h.project_id = ANY ($1::int[])
  UNION ALL
  SELECT m.name FROM household_members m JOIN households h ON h.id = m.household_id WHERE h.project_id = ANY ($1::int[])
) n
WHERE length(n.name) >= 2

-- name: parcel_items
-- $1 integer[] of compensation item ids: those that belong to a parcel and to no household. Money of the others
-- is per-household money, which the report withholds.
SELECT id FROM compensation_items WHERE id = ANY ($1::int[]) AND household_id IS NULL
