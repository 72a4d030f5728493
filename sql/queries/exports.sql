-- Exports: named queries for server/handlers/exports.ts. Each parcel with its attributes, its areas by zd_area,
-- and its geometry three ways, transformed here and nowhere else:
--   geometry_json     EPSG:4490 lon/lat, exterior rings counter-clockwise (RFC 7946, KML), 15 decimals (exact);
--   geometry_cw_json  the same with exterior rings clockwise and holes counter-clockwise (the Shapefile rule);
--   gk_json           the clockwise geometry in CGCS2000 3° Gauss-Krüger with the zone prefix (EPSG 4488 + zone),
--                     [easting, northing] in metres to 6 decimals, for 报盘 TXT and the boundary-point CSV.
-- gk_zone is the parcel's survey_zone, else the zone of its centroid, as zd_area uses for the planar figure.

-- name: parcels
-- $1 project id or NULL; $2 parcel ids (int[]) or NULL. Ordered by id.
SELECT p.id, p.project_id, pr.code AS project_code, pr.name AS project_name, p.code, p.land_class,
       lc.name_zh AS land_class_zh, lc.name_en AS land_class_en, p.owner, p.claimed_area_mu::text AS claimed_area_mu,
       p.status, p.survey_zone, p.area,
       ST_AsGeoJSON(p.geom, 15, 0) AS geometry_json,
       ST_AsGeoJSON(ST_ForcePolygonCW(p.geom), 15, 0) AS geometry_cw_json,
       z.zone AS gk_zone,
       ST_AsGeoJSON(ST_Transform(ST_ForcePolygonCW(p.geom), 4488 + z.zone), 6, 0) AS gk_json
FROM parcels p
JOIN projects pr ON pr.id = p.project_id
JOIN land_classes lc ON lc.code = p.land_class
CROSS JOIN LATERAL (SELECT coalesce(p.survey_zone, zd_gk3_zone(ST_X(ST_Centroid(p.geom)))) AS zone) z
WHERE ($1::int IS NULL OR p.project_id = $1::int)
  AND ($2::int[] IS NULL OR p.id = ANY($2::int[]))
ORDER BY p.id

-- name: project
SELECT id, code, name FROM projects WHERE id = $1::int
