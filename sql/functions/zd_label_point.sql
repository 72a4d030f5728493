-- zd_label_point(geom) → where a parcel's label goes: one point in the interior of the polygon, once per parcel.
-- Input: a valid, non-empty (Multi)Polygon, EPSG:4490, as parcels and parcel_history store it.
-- Output: geometry(Point, 4490) in the interior of the largest part (parts ranked by planar area in degrees: a
-- choice of label place, never a reported area, which only zd_area gives), with coordinates rounded to 9
-- decimals (about 0.1 mm), or unrounded in the rare case that rounding would leave the interior (a sliver
-- thinner than that).
-- The point is ST_PointOnSurface of that part: the middle of the widest interior run of a horizontal line
-- through the middle of the part, so it is never in a hole or in the gap of a C or L shape, and keeps to the
-- middle of a long strip. It costs microseconds a parcel on every read. The pole of inaccessibility
-- (ST_MaximumInscribedCircle) was measured at 0.2–3 ms a parcel, several times the rest of GET /api/parcels, and
-- on Debian's GEOS 3.11 a 10 km × 0.01 mm sliver made it grow to 18 GB in a call that could not be cancelled
-- (it starts from square cells as wide as the envelope is narrow; a valid 1 m² parcel can be 10 km × 0.1 mm).
CREATE OR REPLACE FUNCTION zd_label_point(geom geometry) RETURNS geometry
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  part geometry;
  c geometry;
  p geometry;
BEGIN
  IF ST_NumGeometries(geom) = 1 THEN
    part := ST_GeometryN(geom, 1);
  ELSE
    SELECT d.geom INTO part FROM ST_Dump(geom) d ORDER BY ST_Area(d.geom) DESC, d.path LIMIT 1;
  END IF;
  c := ST_PointOnSurface(part);
  p := ST_SetSRID(ST_MakePoint(round(ST_X(c)::numeric, 9)::float8, round(ST_Y(c)::numeric, 9)::float8), ST_SRID(c));
  IF ST_Contains(part, p) THEN
    RETURN p;
  END IF;
  RETURN c;
END $$;
COMMENT ON FUNCTION zd_label_point(geometry) IS
  'A label point in the interior of the parcel''s largest part (ST_PointOnSurface), 9 decimals, EPSG:4490.';
