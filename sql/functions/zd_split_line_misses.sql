-- zd_split_line_misses(g, blade) → why a line does not cut a parcel into pieces (zd_split_parcel gave no rows).
-- Input: g, MultiPolygon 4490; blade, LineString 4490. Output, a stable reason the API turns into words:
--   'no_intersection'  the line does not reach the parcel;
--   'along_boundary'   it touches the parcel only on its boundary (runs along an edge or touches a corner);
--   'ends_inside'      an end of the line lies inside the parcel, so it does not cross it from edge to edge;
--   'not_cut'          it crosses the interior but separates nothing (e.g. it runs from the edge into a hole).
CREATE OR REPLACE FUNCTION zd_split_line_misses(g geometry, blade geometry) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT CASE
    WHEN NOT ST_Intersects(g, blade) THEN 'no_intersection'
    WHEN NOT ST_Relate(g, blade, 'T********') THEN 'along_boundary'
    WHEN ST_Contains(g, ST_StartPoint(blade)) OR ST_Contains(g, ST_EndPoint(blade)) THEN 'ends_inside'
    ELSE 'not_cut'
  END
$$;
COMMENT ON FUNCTION zd_split_line_misses(geometry, geometry) IS
  'Why a line does not split a parcel: no_intersection, along_boundary, ends_inside or not_cut.';
