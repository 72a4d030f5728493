-- Projects and their figures for server/handlers/projects.ts. Areas are sums of zd_area()'s ellipsoidal m²,
-- converted to mu once, as exact decimals (numeric → text) rounded to 4 places; zd_area is read from the stored
-- column area (migration 017), not computed per row.

-- name: list
SELECT pr.id, pr.code, pr.name, pr.name_en, pr.district, pr.color, pr.is_demo,
       count(pa.id)::int AS parcels,
       round(coalesce(sum((pa.area ->> 'ellipsoidal_m2')::numeric), 0) * 15 / 10000, 4)::text AS area_mu,
       (SELECT json_build_array(ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e))
          FROM (SELECT ST_Extent(pa.geom)::geometry AS e) x WHERE e IS NOT NULL) AS bbox
FROM projects pr
LEFT JOIN parcels pa ON pa.project_id = pr.id
WHERE ($1::int IS NULL OR pr.id = $1::int)
GROUP BY pr.id
ORDER BY pr.id

-- name: insert
INSERT INTO projects (code, name, name_en, district, color) VALUES ($1::text, $2::text, $3::text, $4::text, coalesce($5::text, '#3b82f6'))
RETURNING id

-- name: land_classes
SELECT code, name_zh, name_en, group_code, group_zh, group_en FROM land_classes ORDER BY code

-- name: has_demo
SELECT EXISTS (SELECT 1 FROM projects WHERE is_demo) AS demo
