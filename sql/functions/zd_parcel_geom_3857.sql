-- zd_parcel_geom_3857() → the trigger that keeps the stored derivatives of a parcel (zd_parcel_stored: geom_3857,
-- label_point, label_3857, area) equal to what its geometry and survey zone give, on every insert and every change
-- of geom or survey_zone, so that tiles and lists read stored columns and compute nothing per row
-- (migrations/013_parcel_tiles.sql, 017_parcel_tile_columns.sql). The name stays from when it kept geom_3857 alone.
-- Under zd.bulk ('on', transaction-local, sql/queries/bulk-imports.sql) the insert trigger's WHEN skips the row: a
-- bulk import computes the same zd_parcel_stored set-based in its checks, before it takes the parcels lock, and
-- inserts the columns itself. Updates are kept whatever the setting.
CREATE OR REPLACE FUNCTION zd_parcel_geom_3857() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  s record;
BEGIN
  -- Assignments, not SELECT … INTO: plpgsql evaluates them as simple expressions, without an executor per row.
  s := zd_parcel_stored(NEW.geom, NEW.survey_zone);
  NEW.geom_3857 := s.geom_3857;
  NEW.label_point := s.label_point;
  NEW.label_3857 := s.label_3857;
  NEW.area := s.area;
  RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER parcels_geom_3857 BEFORE UPDATE OF geom, survey_zone ON parcels
  FOR EACH ROW EXECUTE FUNCTION zd_parcel_geom_3857();
CREATE OR REPLACE TRIGGER parcels_geom_3857_insert BEFORE INSERT ON parcels
  FOR EACH ROW WHEN (current_setting('zd.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION zd_parcel_geom_3857();
