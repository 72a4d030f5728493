-- zd_parcel_stored(geom, survey_zone) → what parcels stores beside its geometry so that reads compute nothing per
-- row (migrations/013_parcel_tiles.sql, 017_parcel_tile_columns.sql): geom_3857 = ST_Transform(geom, 3857) for
-- tiles; label_point = zd_label_point(geom) (EPSG:4490, the list's and the detail's label_point) and label_3857,
-- the same point in Web Mercator for the tiles' label layer; area = zd_area(geom, survey_zone), the authoritative
-- figures as they are answered. One function for both writers: the per-row trigger below and the set-based bulk
-- import (server/imports), so that the two can never disagree.
-- plpgsql, not sql: called per row from a trigger, a sql function is planned anew on every call (with zd_area
-- inside it), which made it cost four times its parts; plpgsql keeps its plans for the transaction.
CREATE OR REPLACE FUNCTION zd_parcel_stored(p_geom geometry, p_survey_zone integer,
  OUT geom_3857 geometry, OUT label_point geometry, OUT label_3857 geometry, OUT area jsonb)
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
  geom_3857 := ST_Transform(p_geom, 3857);
  label_point := zd_label_point(p_geom);
  label_3857 := ST_Transform(label_point, 3857);
  area := zd_area(p_geom, p_survey_zone);
END
$$;
COMMENT ON FUNCTION zd_parcel_stored(geometry, integer) IS
  'The stored derivatives of a parcel: geom_3857, label_point (4490), label_3857, area (zd_area).';
