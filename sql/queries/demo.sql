-- Loading the illustrative demo data set (data/demo) into an empty database.

-- name: is_empty
SELECT NOT EXISTS (SELECT 1 FROM projects) AND NOT EXISTS (SELECT 1 FROM users) AS empty

-- name: insert_project
INSERT INTO projects (code, name, name_en, district, color, is_demo) VALUES ($1::text, $2::text, $3::text, $4::text, $5::text, true)
RETURNING id

-- name: insert_parcel
INSERT INTO parcels (project_id, code, land_class, owner, claimed_area_mu, survey_zone, status, geom, updated_by)
VALUES ($1::int, $2::text, $3::text, $4::text, $5::numeric, $6::int, $7::text, zd_geometry_from_geojson($8::text), 'demo')
RETURNING id

-- name: set_actor
SELECT set_config('zd.actor', 'demo', true), set_config('zd.reason', '示例数据 demo data', true)

-- name: check_parcels
-- Every demo parcel must pass the same checks as one drawn by hand.
SELECT p.code, i.code AS issue FROM parcels p, zd_geometry_issues(p.geom) i
UNION ALL
SELECT a.code, 'PARCEL_OVERLAP' FROM parcels a JOIN parcels b ON a.id < b.id AND a.geom && b.geom
WHERE ST_Relate(a.geom, b.geom, 'T********') AND ST_Area(ST_Intersection(a.geom, b.geom)::geography) > 1.0
