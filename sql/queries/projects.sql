-- Projects and their figures for server/handlers/projects.ts, read from project_parcel_totals (kept by triggers on
-- parcels, migrations/019_project_totals.sql): the number of parcels, their area — the exact sum of zd_area()'s
-- ellipsoidal m², converted to mu once, as an exact decimal (numeric → text) rounded to 4 places — and the extent
-- of their geometries (EPSG:4490 degrees [west, south, east, north], null without parcels).

-- name: list
-- $1 a project id, or null for every project (by id).
SELECT pr.id, pr.code, pr.name, pr.name_en, pr.district, pr.color, pr.is_demo,
       coalesce(t.parcels, 0) AS parcels,
       round(coalesce(t.area_m2, 0) * 15 / 10000, 4)::text AS area_mu,
       CASE WHEN t.west IS NOT NULL THEN json_build_array(t.west, t.south, t.east, t.north) END AS bbox
FROM projects pr
LEFT JOIN project_parcel_totals t ON t.project_id = pr.id AND t.kind = 'project' AND t.key = ''
WHERE ($1::int IS NULL OR pr.id = $1::int)
ORDER BY pr.id

-- name: insert
INSERT INTO projects (code, name, name_en, district, color) VALUES ($1::text, $2::text, $3::text, $4::text, coalesce($5::text, '#3b82f6'))
RETURNING id

-- name: land_classes
SELECT code, name_zh, name_en, group_code, group_zh, group_en FROM land_classes ORDER BY code

-- name: has_demo
SELECT EXISTS (SELECT 1 FROM projects WHERE is_demo) AS demo
