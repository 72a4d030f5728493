-- zd_parcel_geom_3857() → the trigger that keeps parcels.geom_3857 = ST_Transform(geom, 3857) (EPSG:4490 → Web
-- Mercator; CGCS2000 and WGS84 coordinates coincide at map scale), on every insert and every change of geom, so
-- that tiles read the stored column and transform nothing (migrations/013_parcel_tiles.sql).
CREATE OR REPLACE FUNCTION zd_parcel_geom_3857() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.geom_3857 := ST_Transform(NEW.geom, 3857);
  RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER parcels_geom_3857 BEFORE INSERT OR UPDATE OF geom ON parcels
  FOR EACH ROW EXECUTE FUNCTION zd_parcel_geom_3857();
