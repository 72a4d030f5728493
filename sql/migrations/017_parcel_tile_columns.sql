-- Stored per-parcel figures, so that tiles and GET /api/parcels read columns instead of computing per row
-- (functions/zd_parcel_stored.sql computes them; functions/zd_parcel_geom_3857.sql's trigger keeps them):
--   label_point  geometry(Point, 4490): zd_label_point(geom), the label_point of the API's features;
--   label_3857   the same point in Web Mercator: the label layer of the parcel tiles from z16;
--   area         jsonb: zd_area(geom, survey_zone), the areas of the API's features, to the last digit.
ALTER TABLE parcels ADD COLUMN label_point geometry(Point, 4490), ADD COLUMN label_3857 geometry(Point, 3857),
  ADD COLUMN area jsonb;
-- Filling the new columns is no change of any parcel: the history and overview triggers stay out of it. The
-- functions are applied after the migrations (server/db/migrate.ts), so a new database (no parcels yet) has none
-- of them here: the statement is only planned when there are parcels, i.e. on a database that has them.
ALTER TABLE parcels DISABLE TRIGGER USER;
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM parcels) THEN
    EXECUTE 'UPDATE parcels SET label_point = zd_label_point(geom), label_3857 = ST_Transform(zd_label_point(geom), 3857),
                                area = zd_area(geom, survey_zone)';
  END IF;
END $$;
ALTER TABLE parcels ENABLE TRIGGER USER;
ALTER TABLE parcels ALTER COLUMN label_point SET NOT NULL, ALTER COLUMN label_3857 SET NOT NULL,
  ALTER COLUMN area SET NOT NULL;
