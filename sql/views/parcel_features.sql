-- parcel_features: one row per active parcel as the API returns it — attributes, land-class names, the areas of
-- zd_area(), the geometry as GeoJSON text (15 decimals, no crs member; exterior rings counter-clockwise as
-- stored), and label_point, the JSON array [lon, lat] of zd_label_point (inside the parcel, 9 decimals) where
-- the map writes its one label. geom is kept for filtering. Read by sql/queries/parcels.sql.
CREATE OR REPLACE VIEW parcel_features AS
SELECT p.id, p.project_id, p.code, p.land_class, lc.name_zh AS land_class_zh, lc.name_en AS land_class_en,
       p.owner, p.claimed_area_mu::text AS claimed_area_mu, p.survey_zone, p.status, p.version,
       p.updated_at, p.updated_by, zd_area(p.geom, p.survey_zone) AS area,
       ST_AsGeoJSON(p.geom, 15, 0) AS geometry_json,
       p.geom,
       (SELECT json_build_array(ST_X(l.pt), ST_Y(l.pt)) FROM zd_label_point(p.geom) AS l(pt)) AS label_point
FROM parcels p
JOIN land_classes lc ON lc.code = p.land_class;
