-- Projects and their figures for server/handlers/projects.ts. Areas are sums of zd_area()'s ellipsoidal m²,
-- converted to mu once, as exact decimals (numeric → text) rounded to 4 places; zd_area is read from the stored
-- column area (migration 017), not computed per row.

-- name: list
-- The parcels are aggregated by project first (one grouped scan that PostgreSQL can run in parallel), then joined.
SELECT pr.id, pr.code, pr.name, pr.name_en, pr.district, pr.color, pr.is_demo,
       coalesce(t.parcels, 0) AS parcels,
       round(coalesce(t.m2, 0) * 15 / 10000, 4)::text AS area_mu,
       CASE WHEN t.e IS NOT NULL THEN json_build_array(ST_XMin(t.e), ST_YMin(t.e), ST_XMax(t.e), ST_YMax(t.e)) END AS bbox
FROM projects pr
LEFT JOIN (SELECT pa.project_id, count(*)::int AS parcels, sum((pa.area ->> 'ellipsoidal_m2')::numeric) AS m2,
                  ST_Extent(pa.geom)::geometry AS e
           FROM parcels pa
           WHERE ($1::int IS NULL OR pa.project_id = $1::int)
           GROUP BY pa.project_id) t ON t.project_id = pr.id
WHERE ($1::int IS NULL OR pr.id = $1::int)
ORDER BY pr.id

-- name: insert
INSERT INTO projects (code, name, name_en, district, color) VALUES ($1::text, $2::text, $3::text, $4::text, coalesce($5::text, '#3b82f6'))
RETURNING id

-- name: land_classes
SELECT code, name_zh, name_en, group_code, group_zh, group_en FROM land_classes ORDER BY code

-- name: has_demo
SELECT EXISTS (SELECT 1 FROM projects WHERE is_demo) AS demo
