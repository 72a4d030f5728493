-- zd_split_parcel(g, blade) → the pieces a line cuts a parcel into, or no rows when it does not cut it.
-- Input: g, a parcel's MultiPolygon 4490; blade, a LineString 4490 (lon/lat). Output rows: n (1, 2, … in the
-- stated order: largest ellipsoidal area first, ties by the piece's point-on-surface west to east, then south to
-- north) and geom, each piece normalised as zd_geometry_from_geojson does (MultiPolygon, counter-clockwise
-- exterior rings, no repeated points). Every polygon ST_Split returns is one piece, so a part of a
-- multipolygon parcel that the line does not touch becomes a piece of its own. The line cuts when ST_Split
-- returns more polygons than g has parts; zd_split_line_misses says why it did not.
CREATE OR REPLACE FUNCTION zd_split_parcel(g geometry, blade geometry)
RETURNS TABLE (n integer, geom geometry)
LANGUAGE sql STABLE AS $$
  WITH pieces AS (
    SELECT ST_Multi(ST_ForcePolygonCCW(ST_RemoveRepeatedPoints(d.geom))) AS geom
    FROM ST_Dump(ST_Split(g, blade)) AS d
    WHERE ST_Dimension(d.geom) = 2
  ), ranked AS (
    SELECT p.geom, ST_Area(p.geom::geography) AS area_m2, ST_PointOnSurface(p.geom) AS inside, count(*) OVER () AS k
    FROM pieces p
  )
  SELECT (row_number() OVER (ORDER BY r.area_m2 DESC, ST_X(r.inside), ST_Y(r.inside)))::integer, r.geom
  FROM ranked r
  WHERE r.k > ST_NumGeometries(g)
  ORDER BY 1
$$;
COMMENT ON FUNCTION zd_split_parcel(geometry, geometry) IS
  'Pieces of a parcel cut by a line, largest first; no rows when the line does not cut it.';
