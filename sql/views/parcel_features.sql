-- parcel_features: one row per active parcel as the API returns it — attributes, land-class names, the areas of
-- zd_area(), the geometry as GeoJSON text (15 decimals, no crs member; exterior rings counter-clockwise as
-- stored), and label_point, the JSON array [lon, lat] of zd_label_point (inside the parcel, 9 decimals) where
-- the map writes its one label. geom is kept for filtering. Read by sql/queries/parcels.sql. The areas and the
-- label point are the stored columns (migration 017, kept by the trigger parcels_geom_3857), so that reading
-- thousands of rows computes neither per row.
-- For colouring the map (issue 4 records), over the households linked to the parcel (household_parcels):
--   agreement_status  no_households | none_signed | partly_signed | all_signed (agreements with signed_on; a
--                     household without an agreement counts as not signed);
--   payment_status    no_items | unpaid | partly_paid | paid, over the compensation items of the parcel and of
--                     its households (paid = paid_on set).
CREATE OR REPLACE VIEW parcel_features AS
SELECT p.id, p.project_id, p.code, p.land_class, lc.name_zh AS land_class_zh, lc.name_en AS land_class_en,
       p.owner, p.claimed_area_mu::text AS claimed_area_mu, p.survey_zone, p.status, p.version,
       p.updated_at, p.updated_by, p.area,
       ST_AsGeoJSON(p.geom, 15, 0) AS geometry_json,
       p.geom,
       json_build_array(ST_X(p.label_point), ST_Y(p.label_point)) AS label_point,
       (SELECT CASE WHEN count(*) = 0 THEN 'no_households'
                    WHEN count(a.signed_on) = 0 THEN 'none_signed'
                    WHEN count(a.signed_on) < count(*) THEN 'partly_signed'
                    ELSE 'all_signed' END
        FROM household_parcels hp LEFT JOIN agreements a ON a.household_id = hp.household_id
        WHERE hp.parcel_id = p.id) AS agreement_status,
       (SELECT CASE WHEN count(*) = 0 THEN 'no_items'
                    WHEN count(ci.paid_on) = 0 THEN 'unpaid'
                    WHEN count(ci.paid_on) < count(*) THEN 'partly_paid'
                    ELSE 'paid' END
        FROM (SELECT ci.id, ci.paid_on FROM compensation_items ci WHERE ci.parcel_id = p.id
              UNION
              SELECT ci.id, ci.paid_on FROM household_parcels hp JOIN compensation_items ci ON ci.household_id = hp.household_id
              WHERE hp.parcel_id = p.id) ci) AS payment_status
FROM parcels p
JOIN land_classes lc ON lc.code = p.land_class;
