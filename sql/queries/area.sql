-- POST /api/area: areas of a geometry that is not stored. $1 GeoJSON text checked by geojson-intake.ts.

-- name: issues
SELECT code, reason, lon, lat FROM zd_geometry_issues(zd_geometry_from_geojson($1::text))
WHERE code <> 'OUTSIDE_JURISDICTION'

-- name: area
SELECT zd_area(zd_geometry_from_geojson($1::text), $2::int) AS area
